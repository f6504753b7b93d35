import { callInternal, type InternalServiceOptions } from '../internal-http';
import type { CallFacts, CallParticipants } from './ports';

/**
 * The call-participants port for a gateway without messaging in its process: messaging's
 * internal route over HTTP (api/internal-audience.controller.ts), with the shared service
 * token. One request per signal, not cached: a hang-up must stop the relay at once, and
 * signals come in a short burst while a call connects. A failure throws, and the sender gets
 * an error frame.
 */
export class HttpCallParticipants implements CallParticipants {
  constructor(private readonly options: InternalServiceOptions) {}

  async callOf(callId: string): Promise<CallFacts | undefined> {
    const body = await callInternal<{ call: CallFacts | null }>(
      'messaging',
      this.options,
      'GET',
      `/api/v1/internal/messaging/calls/${encodeURIComponent(callId)}/participants`,
    );
    return body.call ?? undefined;
  }
}
