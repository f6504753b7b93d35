import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { AuditExtension } from '../audit.module';
import { LegalHoldsController } from './legal-holds.controller';
import {
  CONTENT_PURGE,
  RETENTION_OPTIONS,
  RetentionClock,
  type ContentPurgePort,
  type RetentionOptions,
} from './ports';
import { RetentionJob } from './retention-job';
import { RetentionPoliciesController } from './retention-policies.controller';
import { RetentionSettings } from './retention-settings';

export interface RetentionExtensionOptions extends RetentionOptions {
  /** Binds the content purge (messaging's, in the host). */
  purge: {
    imports?: ModuleMetadata['imports'];
    inject?: FactoryProvider['inject'];
    useFactory: (...args: never[]) => ContentPurgePort;
  };
  /** Default: the system clock (tests swap it through RetentionClock.use). */
  clock?: RetentionClock;
}

/** Retention policies, legal holds and the retention job, mounted into AuditModule. */
export function retentionExtension(options: RetentionExtensionOptions): AuditExtension {
  return {
    imports: options.purge.imports ?? [],
    controllers: [RetentionPoliciesController, LegalHoldsController],
    providers: [
      { provide: RETENTION_OPTIONS, useValue: { intervalMinutes: options.intervalMinutes } },
      { provide: RetentionClock, useValue: options.clock ?? new RetentionClock() },
      {
        provide: CONTENT_PURGE,
        inject: options.purge.inject ?? [],
        useFactory: options.purge.useFactory as (...args: unknown[]) => ContentPurgePort,
      },
      RetentionSettings,
      RetentionJob,
    ],
    exports: [RetentionJob, RetentionClock],
  };
}
