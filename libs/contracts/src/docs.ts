import { z } from 'zod';
import { contractId } from './define-event';
import type { TopicSpec } from './topics';

/** Renders docs/events.md from the topic manifest. Deterministic, so a test can diff it. */
export function renderEventsDoc(topics: TopicSpec[]): string {
  const lines: string[] = [
    '# Events',
    '',
    '<!-- Generated from libs/contracts by `npm run docs:events`. Do not edit by hand. -->',
    '',
    'Every event travels in the envelope `{ id, type, version, key, occurredAt, actor, source, data, traceparent? }`',
    '(`libs/contracts/src/envelope.ts`): `id` is a uuid v7 that stays the same on redelivery, `key`',
    'picks the partition so events with one key keep their order. Delivery is at least once;',
    'consumers with side effects dedupe on `id`. Events a consumer group cannot process after',
    'its retries go to `dlq.<group>`.',
    '',
    '## Topics',
    '',
    '| topic | key | producers | consumers | events |',
    '|---|---|---|---|---|',
    ...topics.map(
      (t) =>
        `| \`${t.name}\` | ${t.key} | ${t.producers.join(', ')} | ${t.consumers.join(', ')} | ${t.events
          .map((e) => `\`${contractId(e)}\``)
          .join(', ')} |`,
    ),
    '',
  ];
  for (const topic of topics) {
    lines.push(`## \`${topic.name}\``, '', topic.description, '');
    for (const event of topic.events) {
      lines.push(
        `### \`${event.type}\` v${event.version}`,
        '',
        event.description,
        '',
        '```json',
        JSON.stringify(z.toJSONSchema(event.schema, { io: 'output' }), null, 2),
        '```',
        '',
      );
    }
  }
  return lines.join('\n');
}
