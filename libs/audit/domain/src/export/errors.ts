import { ConflictError } from '@tidings/platform/errors';

/** Stable codes of export errors (docs/compliance.md). */
export const EXPORT_ERRORS = {
  notReady: 'audit.export.not_ready',
} as const;

/** The archive of a job that is not done (queued, running, failed). */
export function exportNotReady(id: string, status: string): ConflictError {
  return new ConflictError(EXPORT_ERRORS.notReady, `export ${id} is ${status}: it has no archive`, {
    id,
    status,
  });
}
