// Where the host's SQLite time goes, statement by statement — a diagnostic for the realtime
// bench, not part of it. Preload it into the host:
//   BENCH_RT_HOST_NODE_OPTIONS="--import=./scripts/bench/realtime/sql-profile.mjs" \
//   SQL_PROFILE_OUT=tmp/sql-profile.txt npm run bench -- realtime
// It times every better-sqlite3 statement call (run/get/all/iterate) by SQL text and writes the
// statements taking the most time to SQL_PROFILE_OUT when the process exits, with the slowest
// call of each and how many took over 20 ms (wall time: a descheduled process counts too).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const totals = new Map(); // sql → { calls, ms, max, over20 }

const normalise = (sql) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\((\?, )+\?\)/g, '(?…)')
    .replace(/(\(\?(, \?)*\),? ?){2,}/g, '(?…)… ')
    .slice(0, 160);

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql, ...rest) {
  const statement = prepare.call(this, sql, ...rest);
  const key = normalise(sql);
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method];
    statement[method] = function (...args) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = totals.get(key) ?? { calls: 0, ms: 0, max: 0, over20: 0 };
        const took = performance.now() - started;
        entry.calls++;
        entry.ms += took;
        entry.max = Math.max(entry.max, took);
        if (took > 20) entry.over20++;
        totals.set(key, entry);
      }
    };
  }
  return statement;
};

process.on('exit', () => {
  const out = process.env['SQL_PROFILE_OUT'];
  if (!out) return;
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const all = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  const lines = rows
    .slice(0, 40)
    .map(
      ([sql, e]) =>
        `${e.ms.toFixed(0).padStart(7)} ms ${String(e.calls).padStart(8)} calls ` +
        `max ${e.max.toFixed(1).padStart(6)} ms ${String(e.over20).padStart(4)} over 20 ms  ${sql}`,
    );
  writeFileSync(out, [`${all.toFixed(0)} ms in all`, ...lines].join('\n') + '\n');
});
