import { invalidCursor } from '@tidings/audit/domain';

/** Opaque to clients: the seq a page ended at. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  field = 'query.cursor',
): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor(field);
  return Number(match[1]);
}
