import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { actorOf, Principal, type AuditPrincipal } from '../api/principal';
import { RetentionJob } from './retention-job';
import { RetentionSettings } from './retention-settings';
import {
  putPolicyBody,
  updatePolicyBody,
  type PutPolicyBody,
  type UpdatePolicyBody,
} from './schemas';
import { policyView } from './views';

/**
 * Retention policies and the retention run (docs/compliance.md "Retention and legal hold"):
 * compliance only (`retention.manage`). Every change is recorded in the audit trail.
 */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance')
export class RetentionPoliciesController {
  constructor(
    private readonly settings: RetentionSettings,
    private readonly job: RetentionJob,
  ) {}

  @Get('retention-policies')
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'Every retention policy, oldest first' })
  async list() {
    return { items: (await this.settings.listPolicies()).map(policyView) };
  }

  @Get('retention-policies/:id')
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'One retention policy' })
  async get(@Param('id') id: string) {
    return policyView(await this.settings.policy(id));
  }

  @Put('retention-policies')
  @RequirePermissionKey('retention.manage')
  @ApiOperation({
    summary:
      "Set the policy of a conversation kind or of one conversation (made, or given the new period); a conversation's own policy beats its kind's",
  })
  @ApiZodBody(putPolicyBody)
  async put(
    @Principal() principal: AuditPrincipal,
    @Body(new ZodPipe(putPolicyBody)) body: PutPolicyBody,
  ) {
    return policyView(await this.settings.putPolicy(actorOf(principal), body));
  }

  @Put('retention-policies/:id')
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: "Change a policy's period (its scope stays)" })
  @ApiZodBody(updatePolicyBody)
  async update(
    @Principal() principal: AuditPrincipal,
    @Param('id') id: string,
    @Body(new ZodPipe(updatePolicyBody)) body: UpdatePolicyBody,
  ) {
    return policyView(
      await this.settings.updatePolicy(actorOf(principal), id, body.deleteContentAfterDays),
    );
  }

  @Delete('retention-policies/:id')
  @HttpCode(204)
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'Delete a policy: content it would have purged stays' })
  async delete(@Principal() principal: AuditPrincipal, @Param('id') id: string) {
    await this.settings.deletePolicy(actorOf(principal), id);
  }

  @Post('retention/run')
  @HttpCode(200)
  @RequirePermissionKey('retention.manage')
  @ApiOperation({
    summary:
      'Apply every policy now (it also runs on a timer); answers how many messages were purged',
  })
  async run(@Principal() principal: AuditPrincipal) {
    return { purged: await this.job.run(actorOf(principal)) };
  }
}
