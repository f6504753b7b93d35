// What PostgreSQL is busy with while the cluster bench floods it: the bench database's active
// backends, sampled from pg_stat_activity every few ms — a statement seen in many samples is
// where the time goes (running, or waiting: on a lock, on the WAL's fsync at commit, …).
import type pg from 'pg';

export interface ActivitySampler {
  stop(): Promise<Array<Record<string, string>>>;
}

const SAMPLE_EVERY_MS = 25;
const TOP = 10;

export function sampleActivity(admin: pg.Client, database: string): ActivitySampler {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await admin.query<{ query: string; wait: string | null }>(
        `SELECT query, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const row of rows) {
        const key = `${row.wait ?? 'on CPU'}\t${row.query.replace(/\s+/g, ' ').slice(0, 110)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP)
        .map(([key, n]) => {
          const [wait, statement] = key.split('\t');
          return {
            'busy backends (mean)': (n / Math.max(1, samples)).toFixed(2),
            'waiting on': wait ?? '',
            statement: statement ?? '',
          };
        });
    },
  };
}
