import type { ModuleMetadata } from '@nestjs/common';
import { SqlExportJobsRepository } from '@tidings/audit/data-access';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { AuditExtension } from '../audit.module';
import { EXPORT_JOBS_REPOSITORY, ExportJobs } from './export-jobs';
import {
  EXPORT_ATTACHMENTS,
  EXPORT_OPTIONS,
  type ExportAttachments,
  type ExportOptions,
} from './export-ports';
import { ExportsController } from './exports.controller';

/** How the host binds the attachments port (to messaging's file storage). */
export type ExportAttachmentsBinding =
  | { useValue: ExportAttachments }
  | {
      imports?: ModuleMetadata['imports'];
      inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
      useFactory: (...args: never[]) => ExportAttachments | Promise<ExportAttachments>;
    };

/** Exports (docs/compliance.md, "Exports"), mounted into AuditModule as an extension. */
export function auditExportsExtension(
  options: ExportOptions,
  attachments: ExportAttachmentsBinding,
): AuditExtension {
  const { imports = [], ...binding } =
    'useValue' in attachments ? { ...attachments, imports: [] } : attachments;
  return {
    imports,
    controllers: [ExportsController],
    providers: [
      { provide: EXPORT_OPTIONS, useValue: options },
      { provide: EXPORT_ATTACHMENTS, ...binding },
      {
        provide: EXPORT_JOBS_REPOSITORY,
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new SqlExportJobsRepository(dataSource),
      },
      ExportJobs,
    ],
    exports: [ExportJobs],
  };
}
