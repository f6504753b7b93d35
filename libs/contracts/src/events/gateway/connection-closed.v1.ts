import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { connectionReportSchema } from './connection-opened.v1';

export const connectionClosedV1 = defineEvent({
  type: 'gateway.connection.closed',
  version: 1,
  topic: 'gateway',
  description:
    'A socket reported by `gateway.connection.opened` closed, however it closed: presence ' +
    'drops it from the person’s devices and ends the subscriptions it made.',
  schema: connectionReportSchema,
});

export type ConnectionClosedV1 = z.output<typeof connectionClosedV1.schema>;
