import { Body, Controller, Delete, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { z } from 'zod';
import type { Caller } from '../caller';
import { MembershipSourceActions } from '../people/membership-source.actions';
import { MessagingQueries } from '../reading/messaging.queries';
import { CurrentCaller } from './current-caller';
import { mapToDepartment, mapToGroup } from './schemas';
import { conversationView } from './views';

/**
 * Channels that follow the directory: a group, or a department subtree. Administrators only
 * (`messaging.manage`): mapping can pull thousands of people into a channel.
 */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('conversations/:id')
export class MembershipSourcesController {
  constructor(
    private readonly actions: MembershipSourceActions,
    private readonly queries: MessagingQueries,
  ) {}

  @Put('directory-group')
  @RequirePermissionKey('messaging.manage')
  @ApiOperation({
    summary:
      'Make a channel follow a directory group: its people join now and as they join the group; others leave (owners and admins stay)',
  })
  @ApiZodBody(mapToGroup)
  async mapGroup(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(mapToGroup)) body: z.output<typeof mapToGroup>,
    @CurrentCaller() caller: Caller,
  ) {
    await this.actions.mapToGroup(caller, id, body.groupId);
    return this.view(caller, id);
  }

  @Delete('directory-group')
  @RequirePermissionKey('messaging.manage')
  @ApiOperation({ summary: 'Stop following the directory group (members stay)' })
  async unmapGroup(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.unmap(caller, id, 'group');
    return this.view(caller, id);
  }

  @Put('department')
  @RequirePermissionKey('messaging.manage')
  @ApiOperation({
    summary:
      'Make a channel follow a department subtree: everyone whose department path starts with `path` is a member',
  })
  @ApiZodBody(mapToDepartment)
  async mapDepartment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(mapToDepartment)) body: z.output<typeof mapToDepartment>,
    @CurrentCaller() caller: Caller,
  ) {
    await this.actions.mapToDepartment(caller, id, body);
    return this.view(caller, id);
  }

  @Delete('department')
  @RequirePermissionKey('messaging.manage')
  @ApiOperation({ summary: 'Stop following the department (members stay)' })
  async unmapDepartment(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.unmap(caller, id, 'department');
    return this.view(caller, id);
  }

  private async view(caller: Caller, id: string) {
    const { conversation, member } = await this.queries.get(caller, id);
    return conversationView(conversation, member);
  }
}
