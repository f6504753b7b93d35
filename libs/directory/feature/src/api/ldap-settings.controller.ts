import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tidings/contracts';
import { LDAP_PRESETS, MAPPED_ATTRIBUTES, type MappedAttribute } from '@tidings/directory/domain';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import { LdapSettingsService } from '../settings/ldap-settings.service';
import { CurrentActor } from './current-actor';

/** Shapes only; what a value must mean (URL scheme, filter syntax, …) is the domain's rule. */
const text = (max: number) => z.string().max(max).nullable().optional();
const attributes = z
  .object(
    Object.fromEntries(MAPPED_ATTRIBUTES.map((key) => [key, text(128)])) as Record<
      MappedAttribute,
      ReturnType<typeof text>
    >,
  )
  .strict();

/**
 * A patch: a value sets the field, `null` removes the stored value (the environment's or the
 * default applies again), an absent field is left alone. `bindPassword` is write-only.
 * Unknown fields are refused, so a typo cannot pass for a no-op.
 */
const settingsPatch = z
  .object({
    url: text(1000),
    startTls: z.boolean().nullable().optional(),
    caFile: text(4096),
    bindDn: text(1000),
    bindPassword: text(1024),
    baseDn: text(1000),
    preset: z
      .enum(Object.keys(LDAP_PRESETS) as [keyof typeof LDAP_PRESETS])
      .nullable()
      .optional(),
    userFilter: text(4096),
    groupFilter: text(4096),
    /** Departments from the OUs above each user, or from the department attribute. */
    departmentTree: z.enum(['ou', 'attribute']).nullable().optional(),
    attributes: attributes.nullable().optional(),
    syncIntervalMinutes: z.number().int().nullable().optional(),
    maxDeactivationShare: z.number().nullable().optional(),
    timeoutMs: z.number().int().nullable().optional(),
  })
  .strict();
type SettingsPatch = z.output<typeof settingsPatch>;
/** The test may be sent without a body: it then tries the settings in force. */
const candidate = settingsPatch.optional();

/** LDAP connection settings managed through the API (their values win over LDAP_* variables). */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory/ldap-settings')
export class LdapSettingsController {
  constructor(private readonly settings: LdapSettingsService) {}

  @Get()
  @RequirePermissionKey('directory.manage')
  @ApiOperation({ summary: 'The LDAP settings in force, where each came from; never the password' })
  @ApiOkResponse({ description: 'Values, `sources` (env | api | default) and `bindPasswordSet`' })
  async get() {
    return this.settings.view();
  }

  @Put()
  @RequirePermissionKey('directory.manage')
  @ApiOperation({
    summary: 'Change stored LDAP settings (a patch; null clears a stored value)',
    description:
      'Changing url or bindDn clears the stored password unless bindPassword comes with it. ' +
      'Storing a password needs TIDINGS_SECRET_KEY on PostgreSQL (directory.settings.no_secret_key).',
  })
  @ApiZodBody(settingsPatch)
  async put(@Body(new ZodPipe(settingsPatch)) body: SettingsPatch, @CurrentActor() actor: Actor) {
    return this.settings.update(body, actor);
  }

  @Post('test')
  @HttpCode(200)
  @RequirePermissionKey('directory.manage')
  @ApiOperation({
    summary:
      'Connect, bind and read one page of users and groups — with a candidate patch or the settings in force',
    description:
      'Failures are problems: directory.ldap.unreachable, tls_failed, bind_failed, bad_filter, base_not_found, search_failed, incomplete, not_configured.',
  })
  @ApiZodBody(settingsPatch)
  async test(@Body(new ZodPipe(candidate)) body: SettingsPatch | undefined) {
    return this.settings.testConnection(body ?? {});
  }
}
