import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { toProblem } from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';

/**
 * Tidings' stable codes → the `error` strings Slack's Web API answers with, so a client
 * written for Slack branches the same way. Anything else keeps Tidings' own code.
 */
const SLACK_ERRORS: Readonly<Record<string, string>> = {
  'auth.missing_token': 'not_authed',
  'auth.api_token_invalid': 'invalid_auth',
  'auth.token_expired': 'token_expired',
  'auth.user_deactivated': 'account_inactive',
  'auth.forbidden': 'missing_scope',
  'request.invalid': 'invalid_arguments',
  'request.malformed_json': 'invalid_json',
  'request.too_large': 'request_too_large',
  'connect.message.empty': 'no_text',
  'connect.message.invalid': 'invalid_blocks',
  'connect.channel.not_found': 'channel_not_found',
  'connect.channel.ambiguous': 'channel_ambiguous',
  'messaging.conversation.not_found': 'channel_not_found',
  'messaging.conversation.not_member': 'not_in_channel',
  'messaging.conversation.archived': 'is_archived',
  'messaging.message.empty': 'no_text',
  'messaging.message.too_long': 'msg_too_long',
  'messaging.thread.root_not_found': 'thread_not_found',
  'messaging.thread.not_a_root': 'thread_not_found',
};

/** What the Slack-style routes answer on failure. */
export interface SlackErrorBody {
  ok: false;
  /** Slack's error string where one fits, else Tidings' code. */
  error: string;
  detail: string;
  code: string;
  /** The fields at fault (`body.blocks[0].text`), as problem+json names them. */
  errors?: Array<{ path: string; message: string }>;
}

/** `{ ok: false, error }` as Slack answers, with the HTTP status Tidings would use. */
export function slackError(exception: unknown): { status: number; body: SlackErrorBody } {
  const problem = toProblem(exception);
  const attachments = problem.errors?.[0]?.path.startsWith('body.attachments');
  const error =
    problem.code === 'connect.message.invalid' && attachments
      ? 'invalid_attachments'
      : (SLACK_ERRORS[problem.code] ?? problem.code);
  return {
    status: problem.status,
    body: {
      ok: false,
      error,
      detail: problem.detail,
      code: problem.code,
      ...(problem.errors ? { errors: problem.errors } : {}),
    },
  };
}

/**
 * Renders every failure of the Slack-style routes Slack's way — also the guard's 401/403,
 * which run inside this filter's reach. Slack answers errors with 200; these keep the right
 * status (a 4xx is what it is), and add Tidings' `code`, a `detail` for people and the
 * fields at fault.
 */
@Catch()
export class SlackErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SlackErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = slackError(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'connector request failed');
    void reply.status(status).header('content-type', 'application/json').send(body);
  }
}
