import { DomainError } from '@tidings/platform/errors';

/**
 * Why `tidings migrate-data` refused or stopped. The command prints the message and exits 1;
 * codes are stable (docs/operations.md lists them).
 */
export class MigrateDataError extends DomainError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, 'unprocessable', message, cause === undefined ? {} : { cause });
    this.name = 'MigrateDataError';
  }
}
