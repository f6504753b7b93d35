export { ARCHIVE_ROOT, writeArchive } from './archive';
export { CSV_COLUMNS, csvHeader, csvRowList, csvRows, senderKindIn } from './csv';
export { utf8Chunks } from './utf8-chunks';
export {
  emlEventOf,
  emlMessage,
  emlPath,
  fileSafe,
  messageIdOf,
  type EmlAttachment,
  type EmlContext,
  type EmlEvent,
  type EmlParty,
  type EmlSenderKind,
} from './eml';
export {
  EXPORT_FORMATS,
  normalizeFilters,
  type ExportFilters,
  type ExportFormat,
  type ExportRequest,
} from './filters';
export { copyHashed, HashedFile, hashFile, writeHashedFile } from './hashed-file';
export { jsonlLineList, jsonlLines } from './jsonl';
export {
  compare,
  MANIFEST_FILE,
  manifestPayload,
  renderManifest,
  signManifest,
  verifyManifestSignature,
  type ExportManifest,
  type ManifestFile,
  type MissingAttachment,
  type UnsignedManifest,
} from './manifest';
export { verifyExport, type ExportVerdict } from './verify-export';
export { EXPORT_ERRORS, exportNotReady } from './errors';
