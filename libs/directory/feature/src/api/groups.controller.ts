import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey } from '@tidings/platform/http';
import { DirectoryService } from '../directory.service';

/** Directory groups and their resolved membership (nested groups counted). */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class GroupsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('groups')
  @RequirePermissionKey('directory.read')
  async list() {
    return { items: await this.directory.listGroups() };
  }

  /** A group with its members: `direct` (listed by the group), `all` (nested included). */
  @Get('groups/:id')
  @RequirePermissionKey('directory.read')
  async group(@Param('id', ParseUUIDPipe) id: string) {
    return this.directory.group(id);
  }

  @Get('users/:id/groups')
  @RequirePermissionKey('directory.read')
  async groupsOf(@Param('id', ParseUUIDPipe) id: string) {
    await this.directory.user(id); // 404 for an unknown person rather than an empty list
    return { items: await this.directory.groupsOf(id) };
  }
}
