import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { connectionReportSchema } from './connection-opened.v1';

export const connectionActivityV1 = defineEvent({
  type: 'gateway.connection.activity',
  version: 1,
  topic: 'gateway',
  description:
    'The client of a reported socket says its person touched it lately (`active`) or not ' +
    '(`idle`) — its `presence` frame. A person is away when every device is idle.',
  schema: connectionReportSchema.extend({ state: z.enum(['active', 'idle']) }),
});

export type ConnectionActivityV1 = z.output<typeof connectionActivityV1.schema>;
