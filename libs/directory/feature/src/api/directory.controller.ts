import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DirectoryUser } from '@tidings/directory/data-access';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import { DirectoryService } from '../directory.service';

const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const syncBody = z.object({
  dryRun: z.boolean().default(false),
  /** Accept deactivating more than the circuit breaker's share in this run. */
  confirmMassDeactivation: z.boolean().default(false),
  /** delta: only entries changed since the last run (falls back to full when it must). */
  mode: z.enum(['full', 'delta']).default('full'),
});

const userView = (u: DirectoryUser) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  phone: u.phone,
  title: u.title,
  employeeNumber: u.employeeNumber,
  orgUnitId: u.orgUnitId,
  status: u.status,
  source: u.source,
});

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('users')
  @RequirePermissionKey('directory.read')
  async search(@Query(new ZodPipe(searchQuery)) query: z.output<typeof searchQuery>) {
    return { items: (await this.directory.search(query.q, query.limit)).map(userView) };
  }

  @Get('users/:id')
  @RequirePermissionKey('directory.read')
  async user(@Param('id', ParseUUIDPipe) id: string) {
    return userView(await this.directory.user(id));
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
