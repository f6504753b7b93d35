import type { Readable } from 'node:stream';

/**
 * An attachment's bytes for the export: bound by the host to messaging's file storage (the
 * audit service never reads messaging's tables itself). Null when the file is gone.
 */
export interface ExportAttachments {
  open(fileId: string): Promise<{ name: string; content: Readable } | null>;
}
export const EXPORT_ATTACHMENTS = Symbol('EXPORT_ATTACHMENTS');

/** Where jobs write, and the domain of the EML addresses. */
export interface ExportOptions {
  /** Job directories and archives live here (AUDIT_EXPORT_DIR). */
  dir: string;
  /** `<id>@<mailDomain>` in EML From/To: the instance's public host. */
  mailDomain: string;
}
export const EXPORT_OPTIONS = Symbol('EXPORT_OPTIONS');

/** No attachment source (a process without messaging's storage): every file reported missing. */
export const noAttachments: ExportAttachments = { open: async () => null };
