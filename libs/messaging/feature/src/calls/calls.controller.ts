import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CallView } from '@tidings/contracts';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { z } from 'zod';
import { CurrentCaller } from '../api/current-caller';
import type { Caller } from '../caller';
import { CallActions } from './call.actions';
import { CallQueries } from './call.queries';
import { callHistoryQuery, startCallBody } from './call.schemas';
import { callView } from './call-view';

/**
 * Call state over REST (docs/calls.md, "Commands"): every command answers the call's view;
 * what the other devices must hear travels as `messaging.call.updated` over the WebSocket.
 * A command repeated after it took effect answers the current view.
 */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class CallsController {
  constructor(
    private readonly actions: CallActions,
    private readonly queries: CallQueries,
  ) {}

  @Post('conversations/:id/calls')
  @HttpCode(201)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Start a call: rings every other member (409 messaging.call.already_active with the open call’s callId, messaging.call.no_one_to_call)',
  })
  @ApiZodBody(startCallBody)
  async start(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(startCallBody)) body: z.output<typeof startCallBody>,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.start(caller, id, body.media));
  }

  @Get('conversations/:id/calls')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({ summary: "A conversation's calls, newest first (members only)" })
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(callHistoryQuery)) query: z.output<typeof callHistoryQuery>,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: CallView[] }> {
    return { items: (await this.queries.history(caller, id, query.limit)).map(callView) };
  }

  @Get('calls')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({
    summary:
      "The caller's calls that have not ended and ring them or have them joined (newest first): what a device that opens shows",
  })
  async open(@CurrentCaller() caller: Caller): Promise<{ items: CallView[] }> {
    return { items: (await this.queries.open(caller)).map(callView) };
  }

  @Get('calls/:callId')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: 'One call (members of its conversation)' })
  async get(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.queries.call(caller, callId));
  }

  @Post('calls/:callId/accept')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Join the call: answer it, or come back to a group call still going (409 messaging.call.ended, messaging.call.full)',
  })
  async accept(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.accept(caller, callId));
  }

  @Post('calls/:callId/decline')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Decline a call ringing for you (409 messaging.call.not_ringing)' })
  async decline(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.decline(caller, callId));
  }

  @Post('calls/:callId/busy')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Your device is in another call: a ringing call becomes busy for you (409 messaging.call.not_ringing)',
  })
  async busy(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.busy(caller, callId));
  }

  @Post('calls/:callId/cancel')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'The caller stops ringing before anyone answered (403 messaging.call.not_caller, 409 messaging.call.not_ringing)',
  })
  async cancel(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.cancel(caller, callId));
  }

  @Post('calls/:callId/hangup')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary: 'Leave the call; it ends when fewer than two remain (409 messaging.call.not_joined)',
  })
  async hangUp(
    @Param('callId', ParseUUIDPipe) callId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CallView> {
    return callView(await this.actions.hangUp(caller, callId));
  }
}
