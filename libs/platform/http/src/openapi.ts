import type { INestApplication } from '@nestjs/common';
import { ApiBody, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a zod-validated body in OpenAPI from the same schema that validates it. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: z.toJSONSchema(schema, { io: 'input' }) as object });
}

export function mountOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Tidings API')
    .setDescription('REST API of Tidings. Errors are RFC 9457 problem+json with a stable `code`.')
    .setVersion(version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
