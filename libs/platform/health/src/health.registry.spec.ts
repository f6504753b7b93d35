import { describe, expect, it } from 'vitest';
import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready when every check passes', async () => {
    const registry = new HealthRegistry();
    registry.register('database', async () => ({ kind: 'sqlite' }));
    const report = await registry.readiness();
    expect(report.status).toBe('ready');
    expect(report.checks['database']).toMatchObject({ status: 'up', kind: 'sqlite' });
  });

  it('reports the failing check and its error', async () => {
    const registry = new HealthRegistry();
    registry.register('database', async () => undefined);
    registry.register('bus', async () => {
      throw new Error('broker unreachable');
    });
    const report = await registry.readiness();
    expect(report.status).toBe('not_ready');
    expect(report.checks['bus']).toMatchObject({ status: 'down', error: 'broker unreachable' });
  });

  it('times out a hanging check', async () => {
    const registry = new HealthRegistry();
    registry.register('slow', () => new Promise(() => undefined));
    const report = await registry.readiness(20);
    expect(report.checks['slow']).toMatchObject({ status: 'down', error: 'timed out after 20 ms' });
  });

  it('turns not ready once shutdown starts', async () => {
    const registry = new HealthRegistry();
    registry.markShuttingDown();
    expect((await registry.readiness()).status).toBe('shutting_down');
  });
});
