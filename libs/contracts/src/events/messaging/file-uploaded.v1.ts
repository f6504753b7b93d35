import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const fileUploadedV1 = defineEvent({
  type: 'messaging.file.uploaded',
  version: 1,
  topic: 'messaging',
  description:
    'A file was uploaded into a conversation and passed the upload policy (size, type by ' +
    'content, archive and image limits). A message attaches it by id later.',
  schema: z.object({
    fileId: z.string(),
    conversationId: z.string(),
    uploaderId: z.string(),
    /** The uploader's name for the file, for display only. */
    name: z.string(),
    /** Decided from the content's magic bytes, never from the name. */
    mime: z.string(),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Images: size as shown; otherwise null. */
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    hasThumbnail: z.boolean(),
    /** The name's extension claims another type than the content has. */
    extensionMismatch: z.boolean(),
    uploadedAt: z.iso.datetime({ offset: true }),
  }),
});

export type FileUploadedV1 = z.output<typeof fileUploadedV1.schema>;
