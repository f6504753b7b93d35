import { auditPersistence } from '@tidings/audit/data-access';
import { AuditSigningKey } from '@tidings/audit/domain';
import type { EventEnvelope } from '@tidings/contracts';
import { uuidv7 } from '@tidings/platform/bus';
import { openDatabase } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AuditConsumer } from './consumer/audit.consumer';
import { auditParts, type AuditParts } from './audit-parts';
import { AuditClock, type AuditOptions } from './ports';

/** The audit service's parts on a database, wired by hand (what the module and CLI do). */
export interface TrailParts extends AuditParts {
  dataSource: DataSource;
  consumer: AuditConsumer;
}

/** Opens `url` with the audit migrations and builds writer, verifier and consumer on it. */
export async function openTrail(
  url: string,
  options: Partial<AuditOptions> = {},
  signing: AuditSigningKey = AuditSigningKey.generate(),
): Promise<TrailParts> {
  const { dataSource } = await openDatabase({
    url,
    entities: [],
    migrations: [...auditPersistence.migrations],
  });
  return trailOn(dataSource, options, signing);
}

export function trailOn(
  dataSource: DataSource,
  options: Partial<AuditOptions> = {},
  signing: AuditSigningKey = AuditSigningKey.generate(),
): TrailParts {
  let now = Date.UTC(2025, 0, 1);
  const parts = auditParts(dataSource, { signing }, options, new AuditClock(() => now++));
  // handle() does not touch the bus: the subscription is what the bus is for.
  const consumer = new AuditConsumer(null as never, parts.writer);
  return { dataSource, ...parts, consumer };
}

/** A bus event as a producer would publish it. */
export function busEvent(
  type: string,
  data: Record<string, unknown>,
  actor: EventEnvelope['actor'] = { kind: 'user', id: 'u-alice' },
): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    key: String(data['conversationId'] ?? actor.id),
    occurredAt: new Date().toISOString(),
    actor,
    source: type.split('.')[0] ?? 'test',
    data,
  };
}
