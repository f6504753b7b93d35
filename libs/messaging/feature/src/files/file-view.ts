import type { FileRecord } from '@tidings/messaging/data-access';

/** A file as the API shows it (no storage keys: where the bytes live is not the client's business). */
export function fileView(file: FileRecord) {
  return {
    id: file.id,
    conversationId: file.conversationId,
    uploaderId: file.uploaderId,
    name: file.name,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    extensionMismatch: file.extensionMismatch,
    width: file.width,
    height: file.height,
    hasThumbnail: file.thumbnailKey !== null,
    createdAt: new Date(file.createdAt).toISOString(),
    url: `/api/v1/files/${file.id}`,
    thumbnailUrl: file.thumbnailKey ? `/api/v1/files/${file.id}/thumbnail` : null,
  };
}
