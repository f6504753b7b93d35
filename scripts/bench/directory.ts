// `npm run bench -- directory`: LDAP → Tidings sync times on 2 cores.
//  1. from a real slapd holding 10,000 generated people and their groups (scripts/services/
//     ldap.sh on its own port and data dir): first full run (creates everyone, resolves nested
//     groups), a second full run (all unchanged), then 100 people changed in slapd and a delta
//     run that picks them up;
//  2. the Tidings side alone — planning and writing — for 10,000 people in 500 departments
//     from an in-memory source.
// Targets (issue #5): full sync ≤ 10 s for 10,000 users / 500 departments; delta ≤ 1 s for
// 100 changes.
import { execFileSync } from 'node:child_process';
import { LdapReader, type LdapUser } from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
import { DirectorySync, ldapSource, type UserSource } from '@tidings/directory/feature';
import { openSyncHarness } from '@tidings/directory/feature/testing';
import { Attribute, Change, Client } from 'ldapts';

const USERS = Number(process.env['BENCH_DIRECTORY_USERS'] ?? 10_000);
const env = {
  ...process.env,
  LDAP_PORT: '23389',
  LDAP_DATA_DIR: 'tmp/ldap-bench',
  LDAP_FIXTURE_USERS: String(USERS),
};
const ldap = (...args: string[]) =>
  execFileSync('scripts/services/ldap.sh', args, { encoding: 'utf8', env });

async function withSync<T>(
  source: UserSource,
  work: (sync: DirectorySync) => Promise<T>,
): Promise<T> {
  const harness = await openSyncHarness();
  try {
    return await work(harness.sync(source, 'bench'));
  } finally {
    await harness.close();
  }
}

/** Gives 100 people a new title, as the directory's administrator. */
async function retitle(url: string, vars: Record<string, string>, dns: string[]): Promise<void> {
  const admin = new Client({ url });
  await admin.bind(
    vars['LDAP_OPENLDAP_ADMIN_DN'] ?? '',
    vars['LDAP_OPENLDAP_ADMIN_PASSWORD'] ?? '',
  );
  try {
    for (const dn of dns)
      await admin.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'title', values: [`Bench ${Date.now()}`] }),
        }),
      );
  } finally {
    await admin.unbind();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [Math.round(performance.now() - started), result];
}

const request = { trigger: 'manual' as const, dryRun: false, confirmMassDeactivation: false };
const rows: Array<Record<string, string | number>> = [];

ldap('start');
try {
  const vars = Object.fromEntries(
    ldap('env')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const connection = {
    url: vars['LDAP_URL'] ?? '',
    baseDn: vars['LDAP_OPENLDAP_BASE_DN'] ?? '',
    bindDn: vars['LDAP_OPENLDAP_BIND_DN'] ?? '',
    bindPassword: vars['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
    startTls: false,
    timeoutMs: 30_000,
  };
  const mapping = mappingFor('openldap');
  const reader = new LdapReader(connection, mapping);
  const [readMs, { users: people }] = await timed(() => reader.readUsers());
  rows.push({
    case: `LDAP paged read only`,
    users: people.length,
    departments: new Set(people.map((p) => p.orgUnits.join('/'))).size,
    ms: readMs,
  });
  await withSync(ldapSource(reader, mapping), async (sync) => {
    const [firstMs, first] = await timed(() => sync.run(request));
    rows.push({
      case: 'LDAP full sync + groups, first run',
      users: first.run.counts['created'] ?? 0,
      departments: first.run.counts['orgUnitsCreated'] ?? 0,
      ms: firstMs,
    });
    const [againMs, again] = await timed(() => sync.run(request));
    rows.push({
      case: 'LDAP full sync + groups, nothing changed',
      users: again.run.counts['unchanged'] ?? 0,
      departments: '',
      ms: againMs,
    });
    // slapd stamps modifyTimestamp in whole seconds: change after the mark's second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await retitle(
      connection.url,
      vars,
      people.slice(0, 100).map((p) => p.dn),
    );
    const [deltaMs, delta] = await timed(() => sync.run({ ...request, mode: 'delta' }));
    if (delta.run.mode !== 'delta')
      throw new Error(`expected a delta run: ${JSON.stringify(delta.run)}`);
    rows.push({
      case: 'LDAP delta sync + groups, 100 changed',
      users: delta.run.counts['updated'] ?? 0,
      departments: '',
      ms: deltaMs,
    });
  });
} finally {
  ldap('stop', '--clean');
}

// 500 departments, 3 levels deep: 5 × 10 × 10.
const synthetic: LdapUser[] = Array.from({ length: USERS }, (_, i) => {
  const d = i % 500;
  return {
    externalId: `ext-${i}`,
    dn: `uid=u${i},ou=d${d % 10},ou=c${Math.floor(d / 10) % 10},ou=b${Math.floor(d / 100)},dc=x`,
    username: `u${i}`,
    displayName: `用户 ${i}`,
    email: `u${i}@example.com`,
    phone: null,
    title: null,
    employeeNumber: String(i),
    department: null,
    locale: null,
    avatarSha256: null,
    orgUnits: [`b${Math.floor(d / 100)}`, `c${Math.floor(d / 10) % 10}`, `d${d % 10}`],
    disabled: false,
    modifiedAt: null,
  };
});
const syntheticSource: UserSource = {
  readUsers: async () => ({
    users: synthetic,
    unreadable: [],
    unreadableIds: new Set(),
    highWater: null,
  }),
  readUserIds: async () => new Set(synthetic.map((u) => u.externalId)),
};
await withSync(syntheticSource, async (sync) => {
  const [ms, outcome] = await timed(() => sync.run(request));
  rows.push({
    case: 'in-memory source, first run',
    users: outcome.run.counts['created'] ?? 0,
    departments: outcome.run.counts['orgUnitsCreated'] ?? 0,
    ms,
  });
});

console.log(`\ndirectory sync (SQLite, in-process bus, ${USERS} generated people)`);
console.table(rows);
console.log(
  'targets: full sync ≤ 10,000 ms for 10,000 users / 500 departments; delta ≤ 1,000 ms for 100 changes',
);
