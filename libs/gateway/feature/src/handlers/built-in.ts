import type { Type } from '@nestjs/common';
import { PingHandler } from './ping.handler';

/** Frame handlers every gateway has. Services' handlers are added through GatewayModule. */
export const BUILT_IN_HANDLERS: Type[] = [PingHandler];
