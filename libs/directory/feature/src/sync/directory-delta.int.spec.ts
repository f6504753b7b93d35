import {
  TypeOrmAvatarRepository,
  TypeOrmDirectoryUserRepository,
  TypeOrmGroupRepository,
  TypeOrmOrgUnitRepository,
  type LdapUser,
} from '@tidings/directory/data-access';
import { privateLdap, type PrivateLdap } from '@tidings/platform/testing';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSyncHarness, readerFor, type SyncHarness } from '../testing/sync-harness';
import type { UserSource } from './directory-sync';

/**
 * Delta syncs against a slapd of this file's own (it is changed and killed here), through the
 * real LDAP protocol: each change an administrator makes in the directory — rename, move,
 * delete, re-add, disable, re-enable, mass removal — arrives as the right change in Tidings.
 */
const request = { trigger: 'manual', dryRun: false, confirmMassDeactivation: false } as const;
const delta = { ...request, mode: 'delta' } as const;

async function asAdmin(
  ldap: PrivateLdap,
  directory: 'OPENLDAP' | 'AD',
  work: (c: Client) => Promise<void>,
) {
  const client = new Client({ url: ldap.env['LDAP_URL'] ?? '' });
  await client.bind(
    ldap.env[`LDAP_${directory}_ADMIN_DN`] ?? '',
    ldap.env[`LDAP_${directory}_ADMIN_PASSWORD`] ?? '',
  );
  try {
    await work(client);
  } finally {
    await client.unbind();
  }
}

const replace = (type: string, value: string) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });

describe('delta sync from OpenLDAP', () => {
  const ldap = privateLdap({ name: 'delta', port: 13391, users: 60 });
  let h: SyncHarness;
  let source: UserSource;
  let fingerprint: string;
  let people: LdapUser[];
  const users = () => new TypeOrmDirectoryUserRepository(h.dataSource);

  beforeAll(async () => {
    ldap.stop(true); // leftovers of an interrupted earlier run
    ldap.start();
    ({ source, fingerprint } = readerFor(ldap.env, 'OPENLDAP'));
    people = (await source.readUsers()).users;
    h = await openSyncHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    ldap.stop(true);
  });

  const person = (username: string) => {
    const found = people.find((p) => p.username === username);
    if (!found) throw new Error(`no fixture user ${username}`);
    return found;
  };

  it('falls back to a full run when there is no high-water mark yet', async () => {
    const { run } = await h.sync(source, fingerprint).run(delta);
    expect(run).toMatchObject({
      status: 'succeeded',
      mode: 'full',
      counts: { created: people.length },
    });
    const again = await h.sync(source, fingerprint).run(delta);
    expect(again.run).toMatchObject({
      mode: 'delta',
      counts: { created: 0, updated: 0, unchanged: people.length },
    });
    // A different server, base or mapping makes the mark useless: full again. (A dry run, so
    // the mark stays this directory's for the tests below.)
    const other = await h.sync(source, 'another-directory').run({ ...delta, dryRun: true });
    expect(other.run.mode).toBe('full');
  });

  it('treats a rename as an update of the same person', async () => {
    const before = await users().findByUsername('user0001');
    const dn = person('user0001').dn;
    await asAdmin(ldap, 'OPENLDAP', (c) => c.modifyDN(dn, `uid=user0001-renamed`));
    const { run } = await h.sync(source, fingerprint).run(delta);
    expect(run).toMatchObject({
      mode: 'delta',
      counts: { updated: 1, created: 0, deactivated: 0 },
    });
    const after = await users().findById(before?.id ?? '');
    expect(after).toMatchObject({ username: 'user0001-renamed', status: 'active' });
    expect(after?.dn).toMatch(/^uid=user0001-renamed,/);
  });

  it('treats a move as a move, and the new department appears in the tree', async () => {
    const alice = person('alice');
    const before = await users().findByUsername('user0002');
    const dn = person('user0002').dn;
    const newParent = alice.dn.slice(alice.dn.indexOf(',') + 1);
    await asAdmin(ldap, 'OPENLDAP', (c) => c.modifyDN(dn, `uid=user0002,${newParent}`));
    const { run } = await h.sync(source, fingerprint).run(delta);
    expect(run.counts).toMatchObject({ moved: 1, created: 0, deactivated: 0 });
    const after = await users().findById(before?.id ?? '');
    const tree = await new TypeOrmOrgUnitRepository(h.dataSource).list();
    expect(tree.find((u) => u.id === after?.orgUnitId)?.path).toEqual(alice.orgUnits);
  });

  it('deactivates a deleted person (never deletes), and gives them back their account when re-added', async () => {
    const gone = person('user0003');
    const before = await users().findByUsername('user0003');
    await asAdmin(ldap, 'OPENLDAP', (c) => c.del(gone.dn));
    const removed = await h.sync(source, fingerprint).run(delta);
    expect(removed.run.counts).toMatchObject({ deactivated: 1, created: 0 });
    expect(await users().findById(before?.id ?? '')).toMatchObject({ status: 'deactivated' });
    const deactivations = await h.events<{ userId: string; reason: string }>(
      'directory.user.deactivated',
    );
    expect(deactivations.at(-1)).toMatchObject({ userId: before?.id, reason: 'ldap_removed' });
    // Out of every group too (slapd keeps the stale member value; Tidings does not count it).
    const changes = await h.events<{ name: string; removed: string[] }>(
      'directory.group.membership.changed',
    );
    expect(
      changes.filter((c) => c.removed.includes(before?.id ?? '')).map((c) => c.name),
    ).toContain('all-staff');

    await asAdmin(ldap, 'OPENLDAP', (c) =>
      c.add(gone.dn, {
        objectClass: ['inetOrgPerson'],
        uid: 'user0003',
        cn: gone.displayName,
        sn: gone.displayName,
        displayName: gone.displayName,
        mail: gone.email ?? 'user0003@example.com',
      }),
    );
    const readded = await h.sync(source, fingerprint).run(delta);
    expect(readded.run.counts).toMatchObject({ reactivated: 1, created: 0 });
    expect(await users().findById(before?.id ?? '')).toMatchObject({ status: 'active' });
    const groups = await new TypeOrmGroupRepository(h.dataSource).groupsOf(before?.id ?? '');
    expect(groups.map((g) => g.name)).toContain('all-staff');
  });

  it('mirrors a photo added in the directory as the avatar, and its removal', async () => {
    // The smallest JPEG/JFIF a directory accepts as jpegPhoto.
    const photo = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
    const who = person('user0004');
    const id = (await users().findByUsername('user0004'))?.id ?? '';
    const avatars = new TypeOrmAvatarRepository(h.dataSource);
    await asAdmin(ldap, 'OPENLDAP', (c) =>
      c.modify(
        who.dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'jpegPhoto', values: [photo] }),
        }),
      ),
    );
    const added = await h.sync(source, fingerprint).run(delta);
    expect(added.run.counts).toMatchObject({ updated: 1 });
    expect(await avatars.find(id)).toEqual({ mime: 'image/jpeg', bytes: photo });
    expect((await users().findById(id))?.avatarSha256).toMatch(/^[0-9a-f]{64}$/);
    const updates = await h.events<{ userId: string; changed: string[] }>('directory.user.updated');
    expect(updates.at(-1)).toMatchObject({ userId: id, changed: ['avatarSha256'] });

    await asAdmin(ldap, 'OPENLDAP', (c) =>
      c.modify(
        who.dn,
        new Change({ operation: 'delete', modification: new Attribute({ type: 'jpegPhoto' }) }),
      ),
    );
    await h.sync(source, fingerprint).run(delta);
    expect(await avatars.find(id)).toBeUndefined();
    expect((await users().findById(id))?.avatarSha256).toBeNull();
  });

  it('trips the circuit breaker on a mass removal, and a confirmed run applies it', async () => {
    const doomed = people.filter((p) => /^user00[2-3]\d$/.test(p.username)); // 20 of 63
    await asAdmin(ldap, 'OPENLDAP', async (c) => {
      for (const p of doomed) await c.del(p.dn);
    });
    const active = () =>
      h.count(`SELECT COUNT(*) AS n FROM directory_users WHERE status = 'active'`);
    const before = await active();
    const refused = await h.sync(source, fingerprint).run(delta);
    expect(refused.run).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/would deactivate 20 of/),
    });
    expect(await active()).toBe(before);
    const confirmed = await h
      .sync(source, fingerprint)
      .run({ ...delta, confirmMassDeactivation: true });
    expect(confirmed.run.counts).toMatchObject({ deactivated: 20 });
    expect(await active()).toBe(before - 20);
  });

  it('keeps one sync at a time, and takes over a lease its dead holder left behind', async () => {
    const results = await Promise.allSettled([
      h.sync(source, fingerprint).run(delta),
      h.sync(source, fingerprint).run(delta),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'directory.sync.running' });

    // A process died mid-run: its run row says running and its lease has lapsed.
    await h.dataSource.query(`UPDATE directory_sync_lock SET holder = 'dead', expires_ms = 1`);
    await h.dataSource.query(
      `INSERT INTO directory_sync_runs (id, status, dry_run, mode, trigger, started_ms, counts, errors)
       VALUES ('00000000-0000-4000-8000-000000000001', 'running', 0, 'full', 'schedule', 1, '{}', '[]')`,
    );
    const { run } = await h.sync(source, fingerprint).run(delta);
    expect(run.status).toBe('succeeded');
    const [abandoned] = await h.dataSource.query(
      `SELECT status, reason FROM directory_sync_runs WHERE id = '00000000-0000-4000-8000-000000000001'`,
    );
    expect(abandoned).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/interrupted/),
    });
  });
});

describe('delta sync from an Active-Directory-shaped directory', () => {
  const ldap = privateLdap({ name: 'delta-ad', port: 13392, users: 60 });
  let h: SyncHarness;
  let source: UserSource;
  let fingerprint: string;

  beforeAll(async () => {
    ldap.stop(true);
    ldap.start();
    ({ source, fingerprint } = readerFor(ldap.env, 'AD'));
    h = await openSyncHarness();
    await h.sync(source, fingerprint).run(request);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    ldap.stop(true);
  });

  // AD stamps whenChanged itself; slapd stores it as plain data, so the test writes it as AD would.
  const whenChanged = () => `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`;

  it('deactivates a disabled account and reactivates it when re-enabled', async () => {
    const carol = await new TypeOrmDirectoryUserRepository(h.dataSource).findByUsername('carol');
    const dn = (await source.readUsers()).users.find((u) => u.username === 'carol')?.dn ?? '';
    await asAdmin(ldap, 'AD', (c) =>
      c.modify(dn, [replace('userAccountControl', '514'), replace('whenChanged', whenChanged())]),
    );
    const disabled = await h.sync(source, fingerprint).run(delta);
    expect(disabled.run).toMatchObject({ mode: 'delta', counts: { deactivated: 1 } });
    const deactivations = await h.events<{ userId: string; reason: string }>(
      'directory.user.deactivated',
    );
    expect(deactivations.at(-1)).toEqual(
      expect.objectContaining({ userId: carol?.id, reason: 'ldap_disabled' }),
    );

    await asAdmin(ldap, 'AD', (c) =>
      c.modify(dn, [replace('userAccountControl', '512'), replace('whenChanged', whenChanged())]),
    );
    const enabled = await h.sync(source, fingerprint).run(delta);
    expect(enabled.run.counts).toMatchObject({ reactivated: 1 });
    expect(
      await new TypeOrmDirectoryUserRepository(h.dataSource).findById(carol?.id ?? ''),
    ).toMatchObject({
      status: 'active',
    });
  });
});

describe('an LDAP server that dies mid-sync', () => {
  // Enough people for several pages (200 each), so the server can die between two of them.
  const ldap = privateLdap({ name: 'killed', port: 13393, users: 500 });
  let h: SyncHarness;

  beforeAll(async () => {
    ldap.stop(true);
    ldap.start();
    h = await openSyncHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    ldap.stop(true);
  });

  it('fails the run with the reason and leaves the previous state intact', async () => {
    const { reader, source, fingerprint } = readerFor(ldap.env, 'OPENLDAP');
    const first = await h.sync(source, fingerprint).run(request);
    expect(first.run.status).toBe('succeeded');
    const snapshot = async () => ({
      users: await h.dataSource.query(
        'SELECT id, username, status, org_unit_id FROM directory_users ORDER BY id',
      ),
      events: await h.count('SELECT COUNT(*) AS n FROM directory_outbox'),
    });
    const before = await snapshot();

    let pages = 0;
    const dying: UserSource = {
      ...source,
      readUsers: (options) =>
        reader.readUsers({
          ...options,
          onPage: () => {
            if (++pages === 1) ldap.kill(); // after the first page, the server is gone
          },
        }),
    };
    const { run } = await h
      .sync(dying, fingerprint)
      .run({ ...request, confirmMassDeactivation: true });
    expect(pages).toBe(1);
    expect(run).toMatchObject({ status: 'failed', finishedAt: expect.any(Number) });
    expect(run.reason).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });
});
