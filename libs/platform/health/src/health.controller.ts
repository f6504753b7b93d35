import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';
import { HealthRegistry } from './health.registry';

/** Kubernetes-style probes. Liveness never touches dependencies: a slow database must not
 * get the process restarted, only taken out of rotation by readiness. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'live' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.registry.readiness();
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
