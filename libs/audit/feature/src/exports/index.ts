export { ExportJobs, EXPORT_JOBS_REPOSITORY, type ExportJobView } from './export-jobs';
export {
  EXPORT_ATTACHMENTS,
  EXPORT_OPTIONS,
  noAttachments,
  type ExportAttachments,
  type ExportOptions,
} from './export-ports';
export { EXPORT_PAGE, pagesOf } from './export-pages';
export {
  runExport,
  type ExportDependencies,
  type ExportOutcome,
  type ExportProgress,
} from './export-runner';
export { auditExportsExtension, type ExportAttachmentsBinding } from './exports.extension';
export { TrailContext } from './trail-context';
export { exportBody, type ExportBody } from './schemas';
