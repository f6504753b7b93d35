import type { AuditRecord } from './compliance-api';

/** The start of a hash, enough to tell records apart on screen; the detail shows all of it. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

const SUMMARY_MAX = 120;

/**
 * One line saying what a record is about, for the table: a message's text (or its new text,
 * for an edit), else a name, reason or username it carries, else nothing — the type column
 * already says what happened. Cut at a word-ish boundary so a long text stays one line.
 */
export function summaryOf(record: Pick<AuditRecord, 'data'>): string {
  const data = record.data ?? {};
  for (const key of ['text', 'name', 'reason', 'username', 'displayName', 'eventType']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return clip(value.replace(/\s+/g, ' ').trim());
  }
  return '';
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length > SUMMARY_MAX ? `${chars.slice(0, SUMMARY_MAX - 1).join('')}…` : text;
}

/** The ids a record's "people" cell names: the actor (when a person) then the subjects. */
export function peopleOf(record: Pick<AuditRecord, 'actor' | 'subjectIds'>): string[] {
  const ids = record.actor?.kind === 'user' ? [record.actor.id] : [];
  for (const id of record.subjectIds ?? []) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The record's event data as indented JSON, keys in the order the server sent. */
export function dataText(record: Pick<AuditRecord, 'data'>): string {
  return JSON.stringify(record.data ?? {}, null, 2);
}
