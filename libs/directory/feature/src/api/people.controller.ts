import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tidings/contracts';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import { DepartmentMembers } from '../people/department-members';
import { LocalUserActions } from '../people/local-user.actions';
import { CurrentActor } from './current-actor';
import { personView } from './person-view';

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();
const profile = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    email: z.email().max(320).nullable().optional(),
    phone: optionalText(64),
    title: optionalText(200),
    employeeNumber: optionalText(64),
    /** The department (an org unit id), or null for none. */
    orgUnitId: z.uuid().nullable().optional(),
  })
  .strict();
const createUser = profile
  .extend({
    username: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/,
        'letters, digits, . _ @ -; starts with a letter or digit; at most 200',
      ),
  })
  .strict();
/** Fields absent stay as they are; null clears an optional one. The username cannot change. */
const updateUser = profile.partial().strict();

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const membersQuery = z.object({
  recursive: flag.default(false),
  includeDeactivated: flag.default(false),
  cursor: z.string().min(1).max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Administrators' edits of local people, and the members of a department. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class PeopleController {
  constructor(
    private readonly actions: LocalUserActions,
    private readonly members: DepartmentMembers,
  ) {}

  @Post('users')
  @RequirePermissionKey('directory.manage')
  @ApiOperation({ summary: 'Create a local (non-LDAP) person' })
  @ApiZodBody(createUser)
  async create(
    @Body(new ZodPipe(createUser)) body: z.output<typeof createUser>,
    @CurrentActor() actor: Actor,
  ) {
    return personView(await this.actions.create(body, actor));
  }

  @Patch('users/:id')
  @RequirePermissionKey('directory.manage')
  @ApiOperation({
    summary: 'Edit a local person (409 directory.user.managed_by_ldap for LDAP people)',
  })
  @ApiZodBody(updateUser)
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(updateUser)) body: z.output<typeof updateUser>,
    @CurrentActor() actor: Actor,
  ) {
    return personView(await this.actions.update(id, body, actor));
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @RequirePermissionKey('directory.manage')
  @ApiOperation({ summary: 'Deactivate a local person (LDAP people follow the directory)' })
  async deactivate(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return personView(await this.actions.deactivate(id, actor));
  }

  @Post('users/:id/reactivate')
  @HttpCode(200)
  @RequirePermissionKey('directory.manage')
  @ApiOperation({ summary: 'Reactivate a local person' })
  async reactivate(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return personView(await this.actions.reactivate(id, actor));
  }

  @Get('org-units/:id/members')
  @RequirePermissionKey('directory.read')
  @ApiQuery({ name: 'recursive', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'includeDeactivated', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({
    summary:
      'People in a department, by display name then id; recursive=true includes sub-departments',
  })
  async membersOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(membersQuery)) query: z.output<typeof membersQuery>,
  ) {
    const page = await this.members.page(id, query);
    return { items: page.items.map(personView), nextCursor: page.nextCursor };
  }
}
