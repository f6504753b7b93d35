import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey } from '@tidings/platform/http';
import { CurrentCaller } from '../api/current-caller';
import type { Caller } from '../caller';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { DEFAULT_ICE_SETTINGS, iceServersFor, type IceServersAnswer } from './turn-credentials';

/** Where a browser's peer connections find STUN and TURN (docs/calls.md, _ICE servers and TURN_). */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('calls')
export class IceServersController {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  @Get('ice-servers')
  @RequirePermissionKey('messaging.read')
  // The answer holds a credential of the caller's own: no shared cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'ICE servers for RTCPeerConnection: STUN URLs, and TURN URLs with a credential minted for the caller that expires after ttlSeconds (fetch again before it does)',
  })
  iceServers(@CurrentCaller() caller: Caller): IceServersAnswer {
    return iceServersFor(this.options.calls?.ice ?? DEFAULT_ICE_SETTINGS, caller.id, Date.now());
  }
}
