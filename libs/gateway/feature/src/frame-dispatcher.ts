import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  FrameErrorCode,
  issuesOf,
  parseClientFrame,
  type ErrorFrameData,
  type HandlerRegistry,
} from '@tidings/gateway/domain';
import { DomainError } from '@tidings/platform/errors';
import type { Connection } from './connection';
import type { RegisteredHandler } from './frame-handler';
import { GatewayMetrics } from './gateway-metrics';

export const HANDLER_REGISTRY = Symbol('tidings.gateway.HandlerRegistry');

/**
 * Turns one text frame of a signed-in connection into one handler call: parse, look up the
 * type, check the permission (default deny), validate the fields, call, reply. Every refusal
 * is an `error` frame with a stable code; the connection stays open.
 */
@Injectable()
export class FrameDispatcher {
  private readonly logger = new Logger('GatewayFrames');

  constructor(
    @Inject(HANDLER_REGISTRY) private readonly registry: HandlerRegistry<RegisteredHandler>,
    private readonly metrics: GatewayMetrics,
  ) {}

  async dispatch(connection: Connection, text: string): Promise<void> {
    const principal = connection.principal;
    if (!principal) return; // only signed-in connections get here
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return this.refuse(connection, parsed.error);
    const { frame } = parsed;
    const replyTo = frame.id;
    if (frame.type === 'auth') {
      return this.refuse(connection, {
        code: FrameErrorCode.alreadyAuthenticated,
        message: 'This connection is already signed in.',
        ...(replyTo ? { replyTo } : {}),
      });
    }
    const resolved = this.registry.resolve(frame.type, principal.permissions);
    if (!resolved.ok) {
      if (resolved.error.code === FrameErrorCode.undeclared) {
        this.logger.error(`frame type ${frame.type} declares no permission; refused`);
      }
      return this.refuse(connection, { ...resolved.error, ...(replyTo ? { replyTo } : {}) });
    }
    const { handler } = resolved;
    const input = handler.schema.safeParse(frame);
    if (!input.success) {
      return this.refuse(connection, {
        code: FrameErrorCode.invalid,
        message: `The ${frame.type} frame is not valid.`,
        issues: issuesOf(input.error),
        ...(replyTo ? { replyTo } : {}),
      });
    }
    try {
      const reply = await handler.instance.handle(input.data, {
        principal,
        connectionId: connection.id,
        replyTo,
        connection,
      });
      this.metrics.frames.inc({ outcome: 'ok' });
      if (reply) connection.send(reply.type, reply.data);
    } catch (error) {
      this.metrics.frames.inc({ outcome: 'error' });
      // Domain errors become error frames here, at the edge (DESIGN.md §4.6); others are ours.
      if (error instanceof DomainError) {
        connection.send('error', {
          code: error.code,
          message: error.message,
          ...(replyTo ? { replyTo } : {}),
          ...(error.issues ? { issues: error.issues } : {}),
        } satisfies ErrorFrameData);
        return;
      }
      this.logger.error(`${handler.name} failed: ${String(error)}`, (error as Error)?.stack);
      connection.send('error', {
        code: FrameErrorCode.internal,
        message: 'Something went wrong on our side.',
        ...(replyTo ? { replyTo } : {}),
      } satisfies ErrorFrameData);
    }
  }

  private refuse(connection: Connection, error: ErrorFrameData): void {
    this.metrics.frames.inc({ outcome: 'refused' });
    connection.send('error', error);
  }
}
