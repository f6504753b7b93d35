import { Inject, Injectable } from '@nestjs/common';
import {
  SqlLegalHoldRepository,
  SqlRetentionPolicyRepository,
  type LegalHoldRepository,
  type RetentionPolicyRepository,
} from '@tidings/audit/data-access';
import {
  AUDIT_OWN_TYPES,
  auditNotFound,
  type AuditActor,
  type LegalHold,
  type RetentionPolicy,
} from '@tidings/audit/domain';
import { uuidv7 } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AuditClock } from '../ports';
import { AuditWriter } from '../writer/audit-writer';
import type { PlaceHoldBody, PutPolicyBody } from './schemas';
import { holdView, policyView } from './views';

/**
 * Retention policies and legal holds, each change followed by its record in the trail
 * (`retention.policy.changed`, `legal_hold.changed`: who, and the policy or hold as it was
 * made or as it was before it went). The record is appended right after the change commits:
 * the trail's writer owns its own transactions. A change that changes nothing (the same
 * period again) records nothing.
 */
@Injectable()
export class RetentionSettings {
  private readonly policies: RetentionPolicyRepository;
  private readonly holds: LegalHoldRepository;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly writer: AuditWriter,
    private readonly clock: AuditClock,
  ) {
    this.policies = new SqlRetentionPolicyRepository(dataSource);
    this.holds = new SqlLegalHoldRepository(dataSource);
  }

  listPolicies(): Promise<RetentionPolicy[]> {
    return this.policies.list();
  }

  async policy(id: string): Promise<RetentionPolicy> {
    const policy = await this.policies.find(id);
    if (!policy) throw auditNotFound('retention policy', id);
    return policy;
  }

  /** The scope's policy, made or given the new period (one policy per scope). */
  async putPolicy(actor: AuditActor, body: PutPolicyBody): Promise<RetentionPolicy> {
    const policy: RetentionPolicy = {
      id: uuidv7(),
      scope: body.scope,
      deleteContentAfterDays: body.deleteContentAfterDays,
      createdBy: actor.id,
      createdAt: this.clock.now(),
    };
    if (await this.policies.insert(policy)) {
      await this.recordPolicy(actor, 'created', policy);
      return policy;
    }
    // The scope has a policy (maybe made a moment ago by another request): change its period.
    const existing = await this.policies.findByScope(body.scope);
    if (!existing) return this.putPolicy(actor, body);
    return this.updatePolicy(actor, existing.id, body.deleteContentAfterDays);
  }

  async updatePolicy(actor: AuditActor, id: string, days: number): Promise<RetentionPolicy> {
    const before = await this.policy(id);
    if (before.deleteContentAfterDays === days) return before;
    if (!(await this.policies.setDays(id, days))) throw auditNotFound('retention policy', id);
    const after = { ...before, deleteContentAfterDays: days };
    await this.recordPolicy(actor, 'updated', after, before);
    return after;
  }

  async deletePolicy(actor: AuditActor, id: string): Promise<void> {
    const deleted = await this.policies.delete(id);
    if (!deleted) throw auditNotFound('retention policy', id);
    await this.recordPolicy(actor, 'deleted', deleted);
  }

  listHolds(): Promise<LegalHold[]> {
    return this.holds.list();
  }

  async hold(id: string): Promise<LegalHold> {
    const hold = await this.holds.find(id);
    if (!hold) throw auditNotFound('legal hold', id);
    return hold;
  }

  async placeHold(actor: AuditActor, body: PlaceHoldBody): Promise<LegalHold> {
    const hold: LegalHold = {
      id: uuidv7(),
      target: body.target,
      reason: body.reason,
      createdBy: actor.id,
      createdAt: this.clock.now(),
    };
    await this.holds.insert(hold);
    await this.recordHold(actor, 'placed', hold);
    return hold;
  }

  async releaseHold(actor: AuditActor, id: string): Promise<void> {
    const released = await this.holds.delete(id);
    if (!released) throw auditNotFound('legal hold', id);
    await this.recordHold(actor, 'released', released);
  }

  private async recordPolicy(
    actor: AuditActor,
    action: 'created' | 'updated' | 'deleted',
    policy: RetentionPolicy,
    previous?: RetentionPolicy,
  ) {
    await this.writer.recordOwn(
      AUDIT_OWN_TYPES.retentionPolicyChanged,
      actor,
      {
        action,
        policy: policyView(policy),
        ...(previous ? { previous: policyView(previous) } : {}),
      },
      {
        conversationId: 'conversationId' in policy.scope ? policy.scope.conversationId : null,
      },
    );
  }

  private async recordHold(actor: AuditActor, action: 'placed' | 'released', hold: LegalHold) {
    await this.writer.recordOwn(
      AUDIT_OWN_TYPES.legalHoldChanged,
      actor,
      { action, hold: holdView(hold) },
      {
        // The held person is who the record concerns, besides who placed or released it.
        subjectIds: [
          actor.id,
          ...('userId' in hold.target && hold.target.userId !== actor.id
            ? [hold.target.userId]
            : []),
        ],
        conversationId: 'conversationId' in hold.target ? hold.target.conversationId : null,
      },
    );
  }
}
