import { sealRecord, type AuditRecord } from '@tidings/audit/domain';
import { Sql } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busEvent, openTrail, type TrailParts } from './audit.testing';

/**
 * Tampering straight in SQL, as someone with database access would: verification must fail and
 * name the first bad record; left alone, it passes. Twelve records, checkpoints at 5, 10, 12.
 */
describe.each(databaseFlavours)('audit trail tamper evidence on %s', (flavour) => {
  let db: TestDatabase;
  let trail: TrailParts;
  let sql: Sql;

  beforeEach(async () => {
    db = await createTestDatabase(flavour);
    trail = await openTrail(db.url, { checkpointEvery: 5 });
    sql = new Sql(trail.dataSource);
    for (let i = 1; i <= 12; i++) {
      await trail.consumer.handle(
        busEvent('messaging.message.sent', {
          conversationId: 'c-1',
          messageId: `m-${i}`,
          senderId: 'u-alice',
          text: `message ${i}: 你好`,
        }),
      );
    }
    expect(await trail.writer.checkpointNow()).toMatchObject({ seq: 12 });
  });

  afterEach(async () => {
    await trail.dataSource.destroy();
    await db.drop();
  });

  const verify = () => trail.verifier.verify();

  it('passes when untouched, every record and checkpoint checked', async () => {
    expect(await verify()).toMatchObject({
      ok: true,
      checked: 12,
      checkpointsChecked: 3,
      firstBad: null,
      lastSeq: 12,
    });
    const seqs = (await trail.reads.listCheckpoints({ limit: 10 })).map((c) => c.seq);
    expect(seqs).toEqual([12, 10, 5]);
  });

  it("fails on one record's text edited, naming it", async () => {
    await sql.run(
      `UPDATE audit_records SET data = REPLACE(data, 'message 7', 'message 8') WHERE seq = 7`,
    );
    expect((await trail.reads.get(7))?.data['text']).toBe('message 8: 你好');
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 6,
      firstBad: { seq: 7, reason: 'hash_mismatch' },
    });
  });

  it('fails on one record deleted, naming the missing one', async () => {
    await sql.run('DELETE FROM audit_records WHERE seq = 4');
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 4, reason: 'seq_gap' } });
  });

  it('fails on the last record deleted', async () => {
    await sql.run('DELETE FROM audit_records WHERE seq = 12');
    expect(await verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 12, reason: 'checkpoint_root_mismatch' },
    });
  });

  it('fails on two records swapped, naming the first', async () => {
    await sql.run('UPDATE audit_records SET seq = -3 WHERE seq = 3');
    await sql.run('UPDATE audit_records SET seq = 3 WHERE seq = 8');
    await sql.run('UPDATE audit_records SET seq = 8 WHERE seq = -3');
    expect(await verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('fails on a checkpoint altered, naming its record', async () => {
    await sql.run(
      'UPDATE audit_checkpoints SET root_hash = (SELECT hash FROM audit_records WHERE seq = 9) WHERE seq = 10',
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checkpointsChecked: 1,
      firstBad: { seq: 10, reason: 'checkpoint_signature_invalid' },
    });
  });

  it('fails on a rewrite that recomputed every hash after it: the checkpoint knows', async () => {
    // Without the signing key, the attacker can fix the chain but not the checkpoint at 10.
    let prevHash = (await trail.reads.get(6))!.prevHash;
    for (let seq = 6; seq <= 12; seq++) {
      const original = (await trail.reads.get(seq)) as AuditRecord;
      const data = seq === 6 ? { ...original.data, text: 'never said' } : original.data;
      const forged = sealRecord({ ...original, data, prevHash });
      await sql.run('UPDATE audit_records SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
        JSON.stringify(forged.data),
        forged.prevHash,
        forged.hash,
        seq,
      ]);
      prevHash = forged.hash;
    }
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 10,
      firstBad: { seq: 10, reason: 'checkpoint_root_mismatch' },
    });
  });

  it('verifies a sub-range on its own', async () => {
    await sql.run(
      `UPDATE audit_records SET data = REPLACE(data, 'message 2', 'message 3') WHERE seq = 2`,
    );
    expect(await trail.verifier.verify({ from: 6, to: 11 })).toMatchObject({
      ok: true,
      checked: 6,
      checkpointsChecked: 1,
      lastSeq: 11,
    });
    expect(await trail.verifier.verify({ from: 1, to: 4 })).toMatchObject({
      ok: false,
      firstBad: { seq: 2, reason: 'hash_mismatch' },
    });
  });
});
