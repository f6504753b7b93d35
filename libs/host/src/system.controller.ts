import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@tidings/platform/http';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE, kindOf, TypeOrmSettingsRepository } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { TIDINGS_VERSION } from './version';

/** What is running: lets a client or an operator tell versions and modes apart. */
@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly bus: BusRuntime,
  ) {}

  @Get('info')
  @Public()
  @ApiOkResponse({ description: 'Version, instance id and deployment mode' })
  async info() {
    const settings = new TypeOrmSettingsRepository(this.dataSource);
    return {
      name: 'tidings',
      version: TIDINGS_VERSION,
      instanceId: await settings.get('instance.id'),
      // Over Kafka, processes may run apart (docs/architecture.md, _Process roles_).
      mode: this.bus.transport.kind === 'kafka' ? 'distributed' : 'embedded',
      database: kindOf(this.dataSource),
      bus: this.bus.transport.kind,
    };
  }
}
