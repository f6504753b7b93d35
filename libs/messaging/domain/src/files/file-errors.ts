import { DomainError, NotFoundError } from '@tidings/platform/errors';

/**
 * The stable codes of the files API (docs/files.md). Clients branch on them, so they never
 * change; the messages may.
 */
export const fileErrors = {
  /** No such file — or one the caller may not read: the two are indistinguishable on purpose. */
  notFound: (id: string) => new NotFoundError('messaging.file.not_found', 'No such file.', { id }),
  /** The caller may not post into the conversation, or it does not exist. */
  conversationNotFound: (conversationId: string) =>
    new NotFoundError('messaging.conversation.not_found', 'No such conversation.', {
      conversationId,
    }),
  /** The caller may read the conversation but not post into it. */
  conversationReadOnly: (conversationId: string) =>
    new DomainError(
      'messaging.conversation.read_only',
      'forbidden',
      'You cannot post into this conversation.',
      { details: { conversationId } },
    ),
  tooLarge: (maxBytes: number) =>
    new DomainError(
      'messaging.file.too_large',
      'too_large',
      `The file is larger than the limit of ${maxBytes} bytes.`,
      { details: { maxBytes } },
    ),
  typeRefused: (mime: string, reason: string) =>
    new DomainError(
      'messaging.file.type_refused',
      'unsupported_media_type',
      `Files of this type are not accepted: ${reason}.`,
      { details: { detectedType: mime } },
    ),
  archiveBomb: (reason: string, details: Record<string, unknown>) =>
    new DomainError(
      'messaging.file.archive_bomb',
      'unprocessable',
      `The archive was refused: ${reason}.`,
      { details },
    ),
  pixelFlood: (width: number, height: number, maxPixels: number) =>
    new DomainError(
      'messaging.file.pixel_flood',
      'unprocessable',
      `The image is ${width}×${height} pixels, more than the limit of ${maxPixels}.`,
      { details: { width, height, maxPixels } },
    ),
  /** The multipart form is not what the route expects. */
  badForm: (message: string) => new DomainError('messaging.file.bad_form', 'invalid', message),
  empty: () => new DomainError('messaging.file.empty', 'invalid', 'The file is empty.'),
};
