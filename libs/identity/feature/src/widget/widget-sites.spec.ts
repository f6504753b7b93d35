import type { WidgetSiteListing } from '@tidings/identity/data-access';
import { describe, expect, it } from 'vitest';
import { WIDGET_SITES_CACHE_MS, WidgetSites } from './widget-sites';

const site = (origin: string, id = origin): WidgetSiteListing => ({
  id,
  origin,
  botId: 'bot-1',
  botUsername: 'oa-bot',
  name: null,
  createdBy: 'admin-1',
  createdAt: 1,
});

/** A site table the test edits, counting reads; `gate` holds a read until released. */
function table(...initial: WidgetSiteListing[]) {
  const state = { rows: initial, reads: 0, gate: undefined as Promise<void> | undefined };
  return Object.assign(state, {
    async list() {
      state.reads++;
      const rows = [...state.rows];
      if (state.gate) await state.gate;
      return rows;
    },
  });
}

describe('WidgetSites', () => {
  it('answers by normalized origin, and nothing for an origin that is not one', async () => {
    const sites = new WidgetSites(table(site('https://oa.example.com')));
    expect((await sites.byOrigin('HTTPS://OA.example.com:443'))?.botId).toBe('bot-1');
    expect(await sites.byOrigin('https://erp.example.com')).toBeUndefined();
    expect(await sites.byOrigin('https://oa.example.com/path')).toBeUndefined();
    expect(await sites.byOrigin('null')).toBeUndefined();
    expect(await sites.allowedOrigins()).toEqual(['https://oa.example.com']);
    // Only what other services need; never the listing's extras.
    expect(await sites.byOrigin('https://oa.example.com')).toEqual({
      id: 'https://oa.example.com',
      origin: 'https://oa.example.com',
      botId: 'bot-1',
      name: null,
      createdAt: 1,
    });
  });

  it('reads the table once per cache period, then again', async () => {
    let now = 1_000;
    const rows = table(site('https://oa.example.com'));
    const sites = new WidgetSites(rows, () => now);
    await sites.allowedOrigins();
    rows.rows = [...rows.rows, site('https://erp.example.com')];
    now += WIDGET_SITES_CACHE_MS - 1;
    expect(await sites.allowedOrigins()).toEqual(['https://oa.example.com']);
    expect(rows.reads).toBe(1);
    now += 1;
    expect(await sites.allowedOrigins()).toEqual([
      'https://oa.example.com',
      'https://erp.example.com',
    ]);
    expect(rows.reads).toBe(2);
  });

  it('sees a change made through this process at once', async () => {
    const rows = table(site('https://oa.example.com'));
    const sites = new WidgetSites(rows);
    await sites.allowedOrigins();
    rows.rows = [];
    sites.invalidate();
    expect(await sites.byOrigin('https://oa.example.com')).toBeUndefined();
  });

  it('lets concurrent callers share one read, and never caches a read older than a change', async () => {
    const rows = table(site('https://oa.example.com'));
    let release!: () => void;
    rows.gate = new Promise((resolve) => (release = resolve));
    const sites = new WidgetSites(rows);
    const first = sites.allowedOrigins();
    const second = sites.allowedOrigins();
    // The site is removed while that read is still on its way.
    rows.rows = [];
    sites.invalidate();
    rows.gate = undefined;
    release();
    expect(await first).toEqual(['https://oa.example.com']);
    expect(await second).toEqual(['https://oa.example.com']);
    expect(rows.reads).toBe(1);
    expect(await sites.allowedOrigins()).toEqual([]);
    expect(rows.reads).toBe(2);
  });
});
