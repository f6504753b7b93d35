#!/usr/bin/env node
// Writes the two test directories that scripts/services/ldap.sh loads on its first start:
//   openldap.ldif  dc=example,dc=com   an OpenLDAP-shaped directory (inetOrgPerson, groupOfNames)
//   ad.ldif        dc=corp,dc=example  an Active-Directory-shaped one (deploy/openldap/ad-lite.schema)
//   summary.json   counts, named users, groups and disabled accounts, for tests to read
// Usage: node scripts/services/ldap-fixtures.mjs <outdir> [--users N] [--seed S]
// Deterministic: the same N and seed give byte-identical files, and generated user i is the same
// person whatever N is (its data is drawn from a generator seeded by seed and i). What the
// fixtures contain, and what tests may rely on, is in ldap-fixtures.md beside this file.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Arguments

function usage(msg) {
  if (msg) console.error(`ldap-fixtures: ${msg}`);
  console.error('usage: node ldap-fixtures.mjs <outdir> [--users N] [--seed S]');
  process.exit(2);
}

let outDir;
let userCount = 1200;
let seed = 'tidings';
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--users') userCount = Number(argv[++i]);
    else if (a.startsWith('--users=')) userCount = Number(a.slice(8));
    else if (a === '--seed') seed = argv[++i];
    else if (a.startsWith('--seed=')) seed = a.slice(7);
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (outDir === undefined) outDir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!outDir) usage('no output directory');
  if (!Number.isInteger(userCount) || userCount < 0 || userCount > 99999)
    usage('--users must be 0..99999');
  if (typeof seed !== 'string' || seed === '') usage('--seed needs a value');
}

// ---------------------------------------------------------------------------------------------
// Determinism: every random choice comes from a small PRNG seeded from (seed, purpose, index),
// so adding users at the end never changes the ones before them.

function sha(...parts) {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

function rng(...parts) {
  let a = sha(seed, ...parts).readUInt32LE(0);
  // mulberry32
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

function pickWeighted(r, items) {
  const total = items.reduce((s, it) => s + it.weight, 0);
  let x = r() * total;
  for (const it of items) if ((x -= it.weight) < 0) return it;
  return items[items.length - 1];
}

// {SSHA} with a salt derived from the account, so the LDIF is reproducible. slapd checks it
// natively; a plaintext userPassword would work too but no real directory stores one.
function ssha(password, account) {
  const salt = sha(seed, 'salt', account).subarray(0, 8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

// AD's objectGUID: 16 bytes, here a hash of the account so it is stable across runs and N.
const guid = (...parts) => sha(seed, 'guid', ...parts).subarray(0, 16);

// ---------------------------------------------------------------------------------------------
// LDIF (RFC 2849). A value goes base64 (`attr:: `) when it is not plain printable ASCII or
// starts with a space, ':' or '<', or ends with a space; lines are folded at 76 columns (the
// text is ASCII by then, so characters are bytes).

function needsBase64(s) {
  return /[^\x20-\x7e]/.test(s) || /^[ :<]/.test(s) || / $/.test(s);
}

function fold(line) {
  if (line.length <= 76) return line;
  const out = [line.slice(0, 76)];
  for (let i = 76; i < line.length; i += 75) out.push(' ' + line.slice(i, i + 75));
  return out.join('\n');
}

function ldifLine(name, value) {
  if (Buffer.isBuffer(value)) return fold(`${name}:: ${value.toString('base64')}`);
  const s = String(value);
  return fold(
    needsBase64(s) ? `${name}:: ${Buffer.from(s, 'utf8').toString('base64')}` : `${name}: ${s}`,
  );
}

// attrs: [name, value | value[]] pairs, in output order; empty values are left out.
function ldifEntry(dn, attrs) {
  const lines = [ldifLine('dn', dn)];
  for (const [name, value] of attrs) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '') lines.push(ldifLine(name, v));
    }
  }
  return lines.join('\n') + '\n';
}

// RFC 4514 escaping of an attribute value inside a DN (UTF-8 stays as it is). The special
// characters are written as hex pairs (',' as \2C), the form in which slapd returns them, and
// attribute types are written as slapd names them (cn, ou, dc, in lower case, where AD would
// say CN, OU, DC): the DNs here and in summary.json are then the server's DNs string for string.
function escapeDnValue(v) {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => '\\' + c.charCodeAt(0).toString(16).toUpperCase());
  if (/^[ #]/.test(s)) s = '\\' + s;
  if (/ $/.test(s)) s = s.slice(0, -1) + '\\ ';
  return s;
}
const rdn = (type, value) => `${type}=${escapeDnValue(value)}`;

// ---------------------------------------------------------------------------------------------
// Names

const ZH_SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈',
];
// prettier-ignore
const ZH_GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平',
  '刚', '秀英', '桂英', '建华', '文博', '晓东', '子涵', '欣怡', '浩然', '梓萱', '思远', '雨桐', '俊杰', '佳怡', '宇轩', '一鸣',
  '嘉怡', '志强', '海燕', '丽华', '春梅',
];
// prettier-ignore
const EN_GIVEN = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William',
  'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
  'Charles', 'Karen', 'Emma', 'Oliver', 'Sophie', 'Lukas', 'Hannah', 'Felix', 'Anna', 'Jonas',
  'Chloé', 'Noah', 'Zoë', 'Liam', 'Olivia', 'Søren', 'Amélie',
];
// prettier-ignore
const EN_SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', "O'Brien", 'Murphy', 'Kelly', 'Evans',
  'Walker', 'Wright', 'Thompson', 'Martin', 'García', 'Rossi', 'Dubois', 'Nowak', 'Andersson',
  'Van der Berg', 'Kowalski',
];
// prettier-ignore
const ZH_TITLES = [
  '工程师', '高级工程师', '资深工程师', '技术专家', '产品经理', '测试工程师', '项目经理', '架构师',
];
// prettier-ignore
const EN_TITLES = [
  'Engineer', 'Senior Engineer', 'Staff Engineer', 'Account Executive', 'Sales Manager', 'Analyst',
  'Consultant', 'Product Manager',
];

function person(r, lang) {
  if (lang === 'zh') {
    const sn = pick(r, ZH_SURNAMES);
    const givenName = pick(r, ZH_GIVEN);
    return { lang, sn, givenName, cn: sn + givenName, title: pick(r, ZH_TITLES) };
  }
  const sn = pick(r, EN_SURNAMES);
  const givenName = pick(r, EN_GIVEN);
  return { lang, sn, givenName, cn: `${givenName} ${sn}`, title: pick(r, EN_TITLES) };
}

const pad = (i) => String(i).padStart(Math.max(4, String(userCount).length), '0');
const genUid = (i) => `user${pad(i)}`;

// ---------------------------------------------------------------------------------------------
// The OpenLDAP-shaped directory: dc=example,dc=com

function buildOpenLdap() {
  const BASE = 'dc=example,dc=com';
  const PEOPLE = `ou=people,${BASE}`;
  const GROUPS = `ou=groups,${BASE}`;
  const entries = [];
  const add = (dn, attrs) => entries.push(ldifEntry(dn, attrs));

  add(BASE, [
    ['objectClass', ['top', 'dcObject', 'organization']],
    ['dc', 'example'],
    ['o', 'Example Corp'],
  ]);
  for (const ou of ['people', 'groups', 'service'])
    add(`ou=${ou},${BASE}`, [
      ['objectClass', ['top', 'organizationalUnit']],
      ['ou', ou],
    ]);
  add(`cn=tidings-sync,ou=service,${BASE}`, [
    ['objectClass', ['top', 'organizationalRole', 'simpleSecurityObject']],
    ['cn', 'tidings-sync'],
    ['description', 'Read-only account for the Tidings directory sync'],
    ['userPassword', ssha('tidings-sync-password', 'o:tidings-sync')],
  ]);

  // The department tree under ou=people. weight: share of the generated users; lang: how
  // likely a Chinese name is; phone: the number's prefix.
  const ous = [];
  const ouByCode = new Map();
  function ou(code, name, parentCode, weight, zh, phone, description) {
    const parent = parentCode ? ouByCode.get(parentCode) : null;
    const node = {
      code,
      name,
      weight,
      zh,
      phone,
      description,
      parent,
      dn: `${rdn('ou', name)},${parent ? parent.dn : PEOPLE}`,
      depth: parent ? parent.depth + 1 : 1,
      users: [],
    };
    ous.push(node);
    ouByCode.set(code, node);
  }
  ou('RD', '研发中心', null, 1, 0.9, '+86 10 6', '研发中心 (R&D)');
  ou('RD-PLAT', '平台部', 'RD', 2, 0.9, '+86 10 6', '平台部 (Platform)');
  ou('RD-PLAT-INFRA', '基础架构组', 'RD-PLAT', 10, 0.85, '+86 10 6', '基础架构组 (Infrastructure)');
  ou('RD-PLAT-MW', '中间件组', 'RD-PLAT', 8, 0.9, '+86 10 6', '中间件组 (Middleware)');
  ou('RD-CLIENT', '客户端部', 'RD', 2, 0.9, '+86 21 5', '客户端部 (Clients)');
  ou('RD-CLIENT-MOBILE', '移动组', 'RD-CLIENT', 9, 0.9, '+86 21 5', '移动组 (Mobile)');
  ou('RD-CLIENT-DESKTOP', '桌面组', 'RD-CLIENT', 7, 0.9, '+86 21 5', '桌面组 (Desktop)');
  ou('RD-QA', '质量保障部', 'RD', 6, 0.95, '+86 10 6', '质量保障部 (QA)');
  ou('MKT', '市场部', null, 6, 0.8, '+86 21 5', '市场部 (Marketing)');
  ou('SALES', 'Sales', null, 1, 0.1, '+1 415 5', 'Sales');
  ou('SALES-EMEA', 'EMEA', 'SALES', 3, 0.05, '+44 20 7', 'Sales EMEA');
  ou(
    'SALES-EMEA-DACH',
    'DACH',
    'SALES-EMEA',
    6,
    0.05,
    '+49 30 2',
    'Sales Germany, Austria, Switzerland',
  );
  ou('SALES-EMEA-UKI', 'UK and Ireland', 'SALES-EMEA', 5, 0.05, '+44 20 7', 'Sales UK and Ireland');
  ou('SALES-APAC', 'APAC', 'SALES', 8, 0.6, '+65 6', 'Sales APAC');
  ou('SALES-AMER', 'Americas', 'SALES', 8, 0.1, '+1 415 5', 'Sales Americas');
  // A comma in an RDN value: DNs must be parsed, not split on ','.
  ou('LEGAL', 'Legal, Risk and Compliance', null, 3, 0.5, '+86 10 8', 'Legal, Risk and Compliance');
  for (const o of ous)
    add(o.dn, [
      ['objectClass', ['top', 'organizationalUnit']],
      ['ou', o.name],
      ['description', o.description],
    ]);

  // People: the named test users first, then the generated ones.
  const users = [];
  const named = [
    {
      uid: 'alice',
      password: 'alice-password',
      ou: 'RD-PLAT-INFRA',
      lang: 'en',
      sn: 'Wang',
      givenName: 'Alice',
      cn: 'Alice Wang',
      title: 'Senior Engineer',
    },
    {
      uid: 'bob',
      password: 'bob-password',
      ou: 'SALES-EMEA',
      lang: 'en',
      sn: 'Miller',
      givenName: 'Bob',
      cn: 'Bob Miller',
      title: 'Sales Director EMEA',
    },
    {
      uid: 'zhangwei',
      password: 'zhangwei-password',
      ou: 'RD-PLAT',
      lang: 'zh',
      sn: '张',
      givenName: '伟',
      cn: '张伟',
      title: '平台部经理',
    },
  ];
  for (const n of named) users.push({ ...n, named: true });
  for (let i = 1; i <= userCount; i++) {
    const r = rng('openldap', 'user', i);
    const o = pickWeighted(r, ous);
    const p = person(r, r() < o.zh ? 'zh' : 'en');
    users.push({
      ...p,
      uid: genUid(i),
      password: `${genUid(i)}-password`,
      ou: o.code,
      index: i,
      r,
    });
  }

  let uidNumber = 10000;
  for (const u of users) {
    const o = ouByCode.get(u.ou);
    u.dn = `${rdn('uid', u.uid)},${o.dn}`;
    u.uidNumber = uidNumber++;
    o.users.push(u);
  }
  // Each department's head is its first user (the named users come first); everybody else in
  // it reports to the head, and a head reports to the head of the department above.
  const headOf = (o) => (o ? (o.users[0] ?? headOf(o.parent)) : undefined);
  for (const u of users) {
    const o = ouByCode.get(u.ou);
    const head = headOf(o);
    u.manager = head && head !== u ? head.dn : headOf(o.parent)?.dn;
  }

  for (const u of users) {
    const o = ouByCode.get(u.ou);
    const r = u.r ?? rng('openldap', 'named', u.uid);
    // Named users E900001.., generated ones E000001.. (E + their number).
    const employeeNumber = u.named
      ? `E9${String(users.indexOf(u) + 1).padStart(5, '0')}`
      : `E${String(u.index).padStart(6, '0')}`;
    add(u.dn, [
      ['objectClass', ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount']],
      ['uid', u.uid],
      ['cn', u.cn],
      ['sn', u.sn],
      ['givenName', u.givenName],
      ['displayName', u.lang === 'zh' ? u.cn : `${u.givenName} ${u.sn}`],
      ['mail', `${u.uid}@example.com`],
      ['telephoneNumber', `${o.phone}${digits(r, 3)} ${digits(r, 4)}`],
      ['title', u.title],
      ['employeeNumber', employeeNumber],
      ['departmentNumber', o.code],
      ['ou', o.name],
      ['manager', u.manager],
      ['preferredLanguage', u.lang === 'zh' ? 'zh-CN' : 'en'],
      ['uidNumber', u.uidNumber],
      ['gidNumber', 100],
      ['homeDirectory', `/home/${u.uid}`],
      ['loginShell', '/bin/bash'],
      ['userPassword', ssha(u.password, `o:${u.uid}`)],
    ]);
  }

  // Groups. Nesting: engineering ∋ platform ∋ infrastructure, sales ∋ sales-emea.
  const inSubtree = (code) =>
    users.filter((u) => u.ou === code || u.ou.startsWith(code + '-')).map((u) => u.dn);
  const inOu = (...codes) => users.filter((u) => codes.includes(u.ou)).map((u) => u.dn);
  const gdn = (cn) => `${rdn('cn', cn)},${GROUPS}`;
  const groups = [];
  function groupOfNames(cn, description, members) {
    groups.push({ dn: gdn(cn), cn, objectClass: 'groupOfNames', members });
    add(gdn(cn), [
      ['objectClass', ['top', 'groupOfNames']],
      ['cn', cn],
      ['description', description],
      ['member', members],
    ]);
  }
  groupOfNames(
    'all-staff',
    'Everyone in ou=people',
    users.map((u) => u.dn),
  );
  groupOfNames('infrastructure', '基础架构组 (Infrastructure)', inOu('RD-PLAT-INFRA'));
  groupOfNames('platform', '平台部 (Platform); nests infrastructure', [
    gdn('infrastructure'),
    ...inOu('RD-PLAT', 'RD-PLAT-MW'),
  ]);
  groupOfNames('engineering', '研发中心 (R&D); nests platform', [
    gdn('platform'),
    ...inOu('RD', 'RD-QA'),
    ...inSubtree('RD-CLIENT'),
  ]);
  groupOfNames('sales-emea', 'Sales EMEA', inSubtree('SALES-EMEA'));
  groupOfNames('sales', 'Sales; nests sales-emea', [
    gdn('sales-emea'),
    ...inOu('SALES', 'SALES-APAC', 'SALES-AMER'),
  ]);
  const oncall = [
    users[0].dn,
    users[2].dn,
    ...inOu('RD-PLAT-INFRA')
      .filter((dn) => dn !== users[0].dn)
      .slice(0, 5),
  ];
  groupOfNames('值班工程师', '值班工程师 (on-call engineers)', oncall);

  const admins = [users[0].dn, users[2].dn];
  groups.push({
    dn: gdn('admins'),
    cn: 'admins',
    objectClass: 'groupOfUniqueNames',
    members: admins,
  });
  add(gdn('admins'), [
    ['objectClass', ['top', 'groupOfUniqueNames']],
    ['cn', 'admins'],
    ['description', 'Tidings administrators'],
    ['uniqueMember', admins],
  ]);

  const devUids = [
    ...new Set([
      'alice',
      'zhangwei',
      ...users.filter((u) => u.ou === 'RD-PLAT-INFRA').map((u) => u.uid),
    ]),
  ];
  groups.push({
    dn: gdn('developers'),
    cn: 'developers',
    objectClass: 'posixGroup',
    memberUids: devUids,
  });
  add(gdn('developers'), [
    ['objectClass', ['top', 'posixGroup']],
    ['cn', 'developers'],
    ['gidNumber', 5000],
    ['description', 'Shell access (memberUid)'],
    ['memberUid', devUids],
  ]);

  const summary = {
    baseDn: BASE,
    serviceAccount: { dn: `cn=tidings-sync,ou=service,${BASE}`, password: 'tidings-sync-password' },
    people: {
      base: PEOPLE,
      count: users.length,
      generated: userCount,
      filter: '(objectClass=inetOrgPerson)',
    },
    namedUsers: named.map((n) => ({
      uid: n.uid,
      dn: users.find((u) => u.uid === n.uid).dn,
      password: n.password,
      cn: n.cn,
    })),
    generatedUsers: userCount
      ? { uids: `${genUid(1)}..${genUid(userCount)}`, password: '<uid>-password' }
      : null,
    ous: ous.map((o) => ({ dn: o.dn, code: o.code, depth: o.depth, users: o.users.length })),
    groups: groups.map((g) => ({
      dn: g.dn,
      objectClass: g.objectClass,
      ...(g.members
        ? { members: g.members.length, nestedGroups: g.members.filter((m) => m.endsWith(GROUPS)) }
        : {}),
      ...(g.memberUids ? { memberUids: g.memberUids.length } : {}),
    })),
    entries: entries.length,
  };
  return { ldif: entries.join('\n'), summary };
}

// ---------------------------------------------------------------------------------------------
// The Active-Directory-shaped directory: dc=corp,dc=example

// AD's userAccountControl flags that the fixtures use.
const UAC = { ACCOUNTDISABLE: 0x2, NORMAL_ACCOUNT: 0x200, DONT_EXPIRE_PASSWORD: 0x10000 };
// groupType: global/domain-local/universal, ORed with 0x80000000 for security groups.
const GROUP_TYPE = {
  GLOBAL_SECURITY: -2147483646,
  DOMAIN_LOCAL_SECURITY: -2147483644,
  UNIVERSAL_DISTRIBUTION: 8,
};

// generalizedTime as AD writes it (with ".0Z").
function adTime(epochMs) {
  const d = new Date(epochMs);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.0Z`;
}
const T0 = Date.UTC(2023, 0, 2, 1, 0, 0);

function buildAd() {
  const BASE = 'dc=corp,dc=example';
  const STAFF = `ou=Staff,${BASE}`;
  const GROUPS = `ou=Groups,${BASE}`;
  const CAT_PERSON = `cn=Person,cn=Schema,cn=Configuration,${BASE}`;
  const CAT_GROUP = `cn=Group,cn=Schema,cn=Configuration,${BASE}`;
  const entries = [];
  let usn = 12000;
  const stamps = (r) => {
    const created = T0 + Math.floor(r() * 400) * 86400000 + Math.floor(r() * 86400) * 1000;
    const changed = created + Math.floor(r() * 200) * 86400000 + Math.floor(r() * 86400) * 1000;
    return [
      ['whenCreated', adTime(created)],
      ['whenChanged', adTime(changed)],
      ['uSNChanged', (usn += 3)],
    ];
  };
  const add = (dn, attrs) => entries.push(ldifEntry(dn, attrs));

  add(BASE, [
    ['objectClass', ['top', 'dcObject', 'organization']],
    ['dc', 'corp'],
    ['o', 'Corp (AD-shaped)'],
  ]);
  for (const name of ['Staff', 'Groups', 'service']) {
    add(`ou=${name},${BASE}`, [
      ['objectClass', ['top', 'organizationalUnit']],
      ['ou', name],
    ]);
  }
  add(`cn=tidings-sync,ou=service,${BASE}`, [
    ['objectClass', ['top', 'organizationalRole', 'simpleSecurityObject']],
    ['cn', 'tidings-sync'],
    ['description', 'Read-only account for the Tidings directory sync'],
    ['userPassword', ssha('tidings-sync-password', 'ad:tidings-sync')],
  ]);

  const ous = [];
  const ouByCode = new Map();
  function ou(code, name, parentCode, weight, zh, department, phone, lastFirst = false) {
    const parent = parentCode ? ouByCode.get(parentCode) : null;
    const node = {
      code,
      name,
      weight,
      zh,
      department,
      phone,
      lastFirst,
      parent,
      dn: `${rdn('ou', name)},${parent ? parent.dn : STAFF}`,
      depth: parent ? parent.depth + 1 : 1,
      users: [],
    };
    ous.push(node);
    ouByCode.set(code, node);
    add(node.dn, [
      ['objectClass', ['top', 'organizationalUnit']],
      ['ou', name],
      ['description', department],
    ]);
  }
  ou('BJ', 'Beijing', null, 2, 0.85, '北京总部', '+86 10 5');
  ou('BJ-ENG', 'Engineering', 'BJ', 2, 0.85, 'Engineering', '+86 10 5');
  ou('BJ-ENG-PLAT', 'Platform', 'BJ-ENG', 10, 0.8, 'Platform Engineering', '+86 10 5');
  ou('BJ-ENG-MOB', 'Mobile', 'BJ-ENG', 8, 0.85, 'Mobile Engineering', '+86 10 5');
  ou('BJ-PROD', 'Product', 'BJ', 5, 0.85, '产品部', '+86 10 5');
  ou('SH', 'Shanghai', null, 1, 0.85, '上海分公司', '+86 21 6');
  ou('SH-SALES', 'Sales', 'SH', 8, 0.9, '华东销售部', '+86 21 6');
  ou('SH-FIN', 'Finance', 'SH', 4, 0.9, '财务部', '+86 21 6');
  ou('SZ', '深圳研发中心', null, 8, 0.95, '深圳研发中心', '+86 755 8');
  // London writes CNs the common AD way "Last, First": the DN has an escaped comma.
  ou('LDN', 'London', null, 1, 0.05, 'London Office', '+44 20 7', true);
  ou('LDN-SALES', 'Sales', 'LDN', 6, 0.05, 'Sales UK', '+44 20 7', true);

  const users = [];
  const named = [
    {
      sam: 'carol',
      password: 'carol-password',
      ou: 'BJ-ENG-PLAT',
      lang: 'en',
      sn: 'Chen',
      givenName: 'Carol',
      cn: 'Carol Chen',
      title: 'Site Reliability Engineer',
      uac: UAC.NORMAL_ACCOUNT,
    },
    {
      sam: 'lina',
      password: 'lina-password',
      ou: 'SH-SALES',
      lang: 'zh',
      sn: '李',
      givenName: '娜',
      cn: '李娜',
      title: '销售经理',
      uac: UAC.NORMAL_ACCOUNT | UAC.DONT_EXPIRE_PASSWORD,
    },
    {
      sam: 'disabled.user',
      password: 'disabled-password',
      ou: 'BJ',
      lang: 'en',
      sn: 'User',
      givenName: 'Disabled',
      cn: 'Disabled User',
      title: 'Former Employee',
      uac: UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE,
    },
  ];
  for (const n of named) users.push({ ...n, named: true });
  for (let i = 1; i <= userCount; i++) {
    const r = rng('ad', 'user', i);
    const o = pickWeighted(r, ous);
    const p = person(r, r() < o.zh ? 'zh' : 'en');
    // Every 100th generated user is disabled (514, or 66050 with "password never expires" as
    // well); every 100th + 50 has 66048 (not disabled): equality on 514 misses some disabled
    // accounts, the bitwise filter finds exactly them.
    let uac = UAC.NORMAL_ACCOUNT;
    if (i % 100 === 0) uac |= UAC.ACCOUNTDISABLE | (i % 200 === 0 ? UAC.DONT_EXPIRE_PASSWORD : 0);
    else if (i % 100 === 50) uac |= UAC.DONT_EXPIRE_PASSWORD;
    users.push({
      ...p,
      sam: genUid(i),
      password: `${genUid(i)}-password`,
      ou: o.code,
      index: i,
      uac,
      r,
    });
  }

  const taken = new Set();
  for (const u of users) {
    const o = ouByCode.get(u.ou);
    let cn = o.lastFirst && u.lang === 'en' ? `${u.sn}, ${u.givenName}` : u.cn;
    // AD requires a unique RDN per container; admins then append a number, and so do we.
    for (let k = 2; taken.has(`${o.code}\u0000${cn.toLowerCase()}`); k++)
      cn = `${u.cn}${u.lang === 'zh' ? '' : ' '}${k}`;
    taken.add(`${o.code}\u0000${cn.toLowerCase()}`);
    u.rdnCn = cn;
    u.dn = `${rdn('cn', cn)},${o.dn}`;
    o.users.push(u);
  }

  // Groups first (in memory), so that users can carry memberOf; written after the users.
  const gdn = (cn) => `${rdn('cn', cn)},${GROUPS}`;
  const inSubtree = (code) =>
    users.filter((u) => u.ou === code || u.ou.startsWith(code + '-')).map((u) => u.dn);
  const inOu = (...codes) => users.filter((u) => codes.includes(u.ou)).map((u) => u.dn);
  const disabledDns = users.filter((u) => u.uac & UAC.ACCOUNTDISABLE).map((u) => u.dn);
  const groups = [
    {
      cn: 'All Staff',
      sam: 'all-staff',
      type: GROUP_TYPE.UNIVERSAL_DISTRIBUTION,
      mail: 'all-staff@corp.example',
      description: 'Everyone under ou=Staff (distribution list)',
      members: users.map((u) => u.dn),
    },
    {
      cn: 'SRE',
      sam: 'sre',
      type: GROUP_TYPE.GLOBAL_SECURITY,
      description: 'Site reliability',
      members: [
        users[0].dn,
        ...inOu('BJ-ENG-PLAT')
          .filter((dn) => dn !== users[0].dn)
          .slice(0, 6),
      ],
    },
    {
      cn: 'Platform Team',
      sam: 'platform-team',
      type: GROUP_TYPE.GLOBAL_SECURITY,
      description: 'Platform; nests SRE',
      members: [gdn('SRE'), ...inOu('BJ-ENG-PLAT')],
    },
    {
      cn: 'Engineering',
      sam: 'engineering',
      type: GROUP_TYPE.GLOBAL_SECURITY,
      description: 'Engineering; nests Platform Team',
      members: [gdn('Platform Team'), ...inOu('BJ-ENG', 'BJ-ENG-MOB'), ...inSubtree('SZ')],
    },
    {
      cn: '北京办公室',
      sam: 'beijing-office',
      type: GROUP_TYPE.GLOBAL_SECURITY,
      description: '北京办公室 (Beijing office)',
      members: inSubtree('BJ'),
    },
    {
      cn: 'Sales',
      sam: 'sales',
      type: GROUP_TYPE.GLOBAL_SECURITY,
      description: 'Sales Shanghai and London',
      members: [...inOu('SH-SALES'), ...inSubtree('LDN')],
    },
    {
      cn: 'VPN Users',
      sam: 'vpn-users',
      type: GROUP_TYPE.DOMAIN_LOCAL_SECURITY,
      description: 'VPN access; includes disabled accounts',
      members: [...new Set([users[0].dn, users[1].dn, ...disabledDns])],
    },
  ];
  const memberOf = new Map();
  for (const g of groups) {
    g.dn = gdn(g.cn);
    for (const m of g.members)
      if (!m.endsWith(GROUPS)) memberOf.set(m, [...(memberOf.get(m) ?? []), g.dn]);
  }

  for (const u of users) {
    const o = ouByCode.get(u.ou);
    const r = u.r ?? rng('ad', 'named', u.sam);
    add(u.dn, [
      ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
      ['cn', u.rdnCn],
      ['sn', u.sn],
      ['givenName', u.givenName],
      ['displayName', u.lang === 'zh' ? u.cn : `${u.givenName} ${u.sn}`],
      ['sAMAccountName', u.sam],
      ['userPrincipalName', `${u.sam}@corp.example`],
      ['objectGUID', guid('ad', u.sam)],
      ['userAccountControl', u.uac],
      ['objectCategory', CAT_PERSON],
      ['mail', `${u.sam}@corp.example`],
      ['telephoneNumber', `${o.phone}${digits(r, 3)} ${digits(r, 4)}`],
      ['department', o.department],
      ['title', u.title],
      [
        'employeeNumber',
        u.named
          ? `C9${String(users.indexOf(u) + 1).padStart(5, '0')}`
          : `C${String(u.index).padStart(6, '0')}`,
      ],
      ['memberOf', memberOf.get(u.dn) ?? []],
      ...stamps(r),
      ['userPassword', ssha(u.password, `ad:${u.sam}`)],
    ]);
  }
  for (const g of groups) {
    const r = rng('ad', 'group', g.sam);
    add(g.dn, [
      ['objectClass', ['top', 'group']],
      ['cn', g.cn],
      ['sAMAccountName', g.sam],
      ['groupType', g.type],
      ['objectGUID', guid('ad-group', g.sam)],
      ['objectCategory', CAT_GROUP],
      ['description', g.description],
      ['mail', g.mail],
      ['member', g.members],
      ...stamps(r),
    ]);
  }

  const uacCounts = {};
  for (const u of users) uacCounts[u.uac] = (uacCounts[u.uac] ?? 0) + 1;
  const summary = {
    baseDn: BASE,
    serviceAccount: { dn: `cn=tidings-sync,ou=service,${BASE}`, password: 'tidings-sync-password' },
    users: { base: STAFF, count: users.length, generated: userCount, filter: '(objectClass=user)' },
    namedUsers: named.map((n) => {
      const u = users.find((x) => x.sam === n.sam);
      return {
        sAMAccountName: n.sam,
        dn: u.dn,
        password: n.password,
        userAccountControl: n.uac,
        objectGUID: guid('ad', n.sam).toString('hex'),
      };
    }),
    generatedUsers: userCount
      ? {
          sAMAccountNames: `${genUid(1)}..${genUid(userCount)}`,
          password: '<sAMAccountName>-password',
        }
      : null,
    disabled: users
      .filter((u) => u.uac & UAC.ACCOUNTDISABLE)
      .map((u) => ({ sAMAccountName: u.sam, dn: u.dn, userAccountControl: u.uac })),
    userAccountControl: uacCounts,
    ous: ous.map((o) => ({ dn: o.dn, code: o.code, depth: o.depth, users: o.users.length })),
    groups: groups.map((g) => ({
      dn: g.dn,
      sAMAccountName: g.sam,
      groupType: g.type,
      members: g.members.length,
      nestedGroups: g.members.filter((m) => m.endsWith(GROUPS)),
    })),
    entries: entries.length,
  };
  return { ldif: entries.join('\n'), summary };
}

// ---------------------------------------------------------------------------------------------

const openldap = buildOpenLdap();
const ad = buildAd();
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'openldap.ldif'), openldap.ldif);
writeFileSync(join(outDir, 'ad.ldif'), ad.ldif);
writeFileSync(
  join(outDir, 'summary.json'),
  JSON.stringify({ seed, users: userCount, openldap: openldap.summary, ad: ad.summary }, null, 2) +
    '\n',
);
console.log(
  `ldap-fixtures: ${outDir}: openldap.ldif (${openldap.summary.entries} entries), ad.ldif (${ad.summary.entries} entries), summary.json`,
);
