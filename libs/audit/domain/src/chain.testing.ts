import { sealRecord } from './canonical';
import { GENESIS_HASH, type AuditRecord } from './record';

/** A valid chain of n records. */
export function chainOf(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const record = sealRecord({
      seq,
      id: `id-${seq}`,
      sourceEventId: `ev-${seq}`,
      type: 'messaging.message.sent',
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      actor: { kind: 'user', id: 'u1' },
      subjectIds: ['u1'],
      conversationId: 'c1',
      data: { text: `message ${seq}` },
      prevHash,
    });
    prevHash = record.hash;
    out.push(record);
  }
  return out;
}
