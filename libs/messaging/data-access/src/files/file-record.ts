/** A stored file's metadata (`messaging_files`); its bytes live in the FileStorage. */
export interface FileRecord {
  id: string;
  conversationId: string;
  uploaderId: string;
  /** The uploader's name for it, made safe for display (displayNameOf). */
  name: string;
  /** Decided from the bytes, never from the name. */
  mime: string;
  /** The extension the bytes' type has (`png`), or null when no signature was recognised. */
  detectedExt: string | null;
  /** The name's extension claims another type than the bytes have. */
  extensionMismatch: boolean;
  size: number;
  /** Hex SHA-256 of the content, computed while it was stored. */
  sha256: string;
  storageKey: string;
  width: number | null;
  height: number | null;
  thumbnailKey: string | null;
  createdAt: number;
}

export interface FileRepository {
  insert(record: FileRecord): Promise<void>;
  findById(id: string): Promise<FileRecord | null>;
}
