import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import { DirectoryService } from '../directory.service';
import { personView } from './person-view';

const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
/** Exactly one key: a lookup by both would have to say which one wins. */
const lookupQuery = z
  .object({
    email: z.string().trim().min(1).max(320).optional(),
    employeeNumber: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((q, context) => {
    if ((q.email === undefined) === (q.employeeNumber === undefined))
      context.addIssue({
        code: 'custom',
        path: [q.email === undefined ? 'email' : 'employeeNumber'],
        message: 'give exactly one of email and employeeNumber',
      });
  });
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const syncBody = z.object({
  dryRun: z.boolean().default(false),
  /** Accept deactivating more than the circuit breaker's share in this run. */
  confirmMassDeactivation: z.boolean().default(false),
  /** delta: only entries changed since the last run (falls back to full when it must). */
  mode: z.enum(['full', 'delta']).default('full'),
});

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('users')
  @RequirePermissionKey('directory.read')
  async search(@Query(new ZodPipe(searchQuery)) query: z.output<typeof searchQuery>) {
    return { items: (await this.directory.search(query.q, query.limit)).map(personView) };
  }

  @Get('people/lookup')
  @RequirePermissionKey('directory.read')
  @ApiQuery({ name: 'email', required: false, description: 'case-insensitive' })
  @ApiQuery({ name: 'employeeNumber', required: false, description: 'exact' })
  @ApiOperation({
    summary:
      'The person with this e-mail or employee number (404 directory.user.not_found, 409 directory.user.ambiguous)',
  })
  async lookup(@Query(new ZodPipe(lookupQuery)) query: z.output<typeof lookupQuery>) {
    const by =
      query.email !== undefined
        ? { email: query.email }
        : { employeeNumber: query.employeeNumber ?? '' };
    return personView(await this.directory.lookup(by));
  }

  @Get('users/:id')
  @RequirePermissionKey('directory.read')
  async user(@Param('id', ParseUUIDPipe) id: string) {
    return personView(await this.directory.user(id));
  }

  /** The directory photo; the `v` query parameter (its hash) lets clients cache it safely. */
  @Get('users/:id/avatar')
  @RequirePermissionKey('directory.read')
  async avatar(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const avatar = await this.directory.avatar(id);
    await reply
      .type(avatar.mime)
      .header('cache-control', 'private, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(avatar.bytes);
  }

  @Get('org-units')
  @RequirePermissionKey('directory.read')
  async tree() {
    return { items: await this.directory.tree() };
  }

  @Get('sync-runs')
  @RequirePermissionKey('directory.manage')
  async runs(@Query(new ZodPipe(runsQuery)) query: z.output<typeof runsQuery>) {
    return { items: await this.directory.listRuns(query.limit) };
  }

  @Get('sync-runs/:id')
  @RequirePermissionKey('directory.manage')
  async run(@Param('id', ParseUUIDPipe) id: string) {
    return this.directory.syncRun(id);
  }

  /** Runs a sync now and answers with its report (and, for a dry run, the proposed changes). */
  @Post('sync-runs')
  @RequirePermissionKey('directory.manage')
  @ApiZodBody(syncBody)
  async sync(@Body(new ZodPipe(syncBody)) body: z.output<typeof syncBody>) {
    const { run, plan } = await this.directory.runSync({ trigger: 'manual', ...body });
    return { run, ...(body.dryRun && plan ? { changes: plan.changes } : {}) };
  }
}
