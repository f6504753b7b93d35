import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { SqlAuditAppendStore, SqlAuditReadStore } from '@tidings/audit/data-access';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AuditController } from './api/audit.controller';
import { AuditConsumer } from './consumer/audit.consumer';
import { AuditKeys } from './keys';
import {
  AUDIT_APPEND_STORE,
  AUDIT_KEY_MATERIAL,
  AUDIT_OPTIONS,
  AUDIT_READ_STORE,
  AuditClock,
  DEFAULT_AUDIT_OPTIONS,
  type AuditKeyMaterial,
  type AuditOptions,
} from './ports';
import { AuditQueries } from './search/audit-queries';
import { AuditVerifier } from './verify/audit-verifier';
import { AuditWriter } from './writer/audit-writer';
import { Checkpointer } from './writer/checkpointer';

/**
 * A part of the audit service that lives in its own folder (exports, retention) and plugs into
 * this module: its controllers and providers are mounted here, so they can inject AuditWriter,
 * AUDIT_READ_STORE, AuditKeys, AuditClock and the rest.
 */
export interface AuditExtension {
  imports?: ModuleMetadata['imports'];
  controllers?: NonNullable<ModuleMetadata['controllers']>;
  providers?: Provider[];
  exports?: NonNullable<ModuleMetadata['exports']>;
}

export interface AuditModuleOptions {
  options?: Partial<AuditOptions>;
  keys: AuditKeyMaterial;
  /** Default: the system clock (tests swap it through AuditClock.use). */
  clock?: AuditClock;
  /** Exports, retention… (libs/host/src/audit-wiring.ts lists them). */
  extensions?: AuditExtension[];
  /** Consume the bus (default true); off for tools that only read the trail. */
  consume?: boolean;
}

/** What every part of the audit service shares (the CLI builds the same by hand). */
export function auditCoreProviders(options: AuditModuleOptions): Provider[] {
  return [
    { provide: AUDIT_OPTIONS, useValue: { ...DEFAULT_AUDIT_OPTIONS, ...options.options } },
    { provide: AUDIT_KEY_MATERIAL, useValue: options.keys },
    { provide: AuditClock, useValue: options.clock ?? new AuditClock() },
    {
      provide: AUDIT_READ_STORE,
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new SqlAuditReadStore(dataSource),
    },
    {
      provide: AUDIT_APPEND_STORE,
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new SqlAuditAppendStore(dataSource),
    },
    AuditKeys,
    AuditWriter,
    AuditVerifier,
    AuditQueries,
  ];
}

/**
 * The audit service (docs/compliance.md): records every event of the bus in an append-only,
 * hash-chained trail, seals it with signed checkpoints, verifies it, and lets compliance users
 * search it. Owns the `audit_*` tables.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    const extensions = options.extensions ?? [];
    return {
      module: AuditModule,
      imports: extensions.flatMap((e) => e.imports ?? []),
      controllers: [AuditController, ...extensions.flatMap((e) => e.controllers ?? [])],
      providers: [
        ...auditCoreProviders(options),
        Checkpointer,
        ...(options.consume === false ? [] : [AuditConsumer]),
        ...extensions.flatMap((e) => e.providers ?? []),
      ],
      exports: [
        AuditWriter,
        AuditVerifier,
        AuditKeys,
        AuditClock,
        AUDIT_READ_STORE,
        ...extensions.flatMap((e) => e.exports ?? []),
      ],
    };
  }
}
