import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { z } from 'zod';
import type { Caller } from '../caller';
import { MembershipActions } from '../conversations/membership.actions';
import { MessagingQueries } from '../reading/messaging.queries';
import { CurrentCaller } from './current-caller';
import { changeRole, inviteMembers } from './schemas';
import { conversationView, memberView } from './views';

/** Who is in a channel: join, leave, invite, remove, roles. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('conversations/:id')
export class MembersController {
  constructor(
    private readonly actions: MembershipActions,
    private readonly queries: MessagingQueries,
  ) {}

  @Post('join')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Join a public channel (idempotent)' })
  async join(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    const member = await this.actions.join(caller, id);
    const { conversation } = await this.queries.get(caller, id);
    return conversationView(conversation, member);
  }

  @Post('leave')
  @HttpCode(204)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Leave a channel (the last owner hands over first: 409 messaging.member.owner_must_hand_over)',
  })
  async leave(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.leave(caller, id);
  }

  @Get('members')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: 'Active members, owners first (deactivated people are not listed)' })
  async members(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    const members = await this.queries.members(caller, id);
    return { items: members.map(({ member, user }) => memberView(member, user)) };
  }

  @Post('members')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary: 'Invite people (404 messaging.user.not_found for unknown or inactive ones)',
  })
  @ApiZodBody(inviteMembers)
  async invite(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(inviteMembers)) body: z.output<typeof inviteMembers>,
    @CurrentCaller() caller: Caller,
  ) {
    const added = await this.actions.invite(caller, id, body.userIds, body.role);
    return { added: added.map((m) => m.userId) };
  }

  @Patch('members/:userId')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: "Change a member's role (owners only; making an owner hands over)" })
  @ApiZodBody(changeRole)
  async changeRole(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body(new ZodPipe(changeRole)) body: z.output<typeof changeRole>,
    @CurrentCaller() caller: Caller,
  ) {
    const member = await this.actions.changeRole(caller, id, userId, body.role);
    return { userId: member.userId, role: member.role };
  }

  @Delete('members/:userId')
  @HttpCode(204)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Remove a member (owners remove admins and members, admins members)' })
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentCaller() caller: Caller,
  ) {
    await this.actions.remove(caller, id, userId);
  }
}
