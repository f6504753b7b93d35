import type { TranslationKey } from '../i18n/translations';
import type { HoldTarget, LegalHold, PolicyScope, RetentionPolicy } from './compliance-api';

export type ConversationKind = 'channel' | 'group' | 'direct';
export const CONVERSATION_KINDS: readonly ConversationKind[] = ['channel', 'group', 'direct'];

/** The new-policy form: a kind of conversation, or one conversation by id; days as typed. */
export interface PolicyForm {
  scope: 'kind' | 'conversation';
  kind: ConversationKind;
  conversationId: string;
  days: string;
}

/** The new-hold form: a person (picked) or one conversation by id, and why. */
export interface HoldForm {
  target: 'user' | 'conversation';
  userId: string | null;
  conversationId: string;
  reason: string;
}

export interface FormProblem<F> {
  field: keyof F;
  message: TranslationKey;
}

export type Checked<B, F> = { ok: true; body: B } | { ok: false; problems: FormProblem<F>[] };

/** Ten years: longer is a typo, not a policy. */
export const MAX_DAYS = 3_650;

/** The policy to send, or every problem at once, each naming its field. */
export function policyBody(
  form: PolicyForm,
): Checked<{ scope: PolicyScope; deleteContentAfterDays: number }, PolicyForm> {
  const problems: FormProblem<PolicyForm>[] = [];
  const conversationId = form.conversationId.trim();
  if (form.scope === 'conversation' && !conversationId)
    problems.push({ field: 'conversationId', message: 'compliance.retention.needConversation' });
  const days = form.days.trim();
  const count = /^\d+$/.test(days) ? Number(days) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DAYS)
    problems.push({ field: 'days', message: 'compliance.retention.badDays' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    body: {
      scope:
        form.scope === 'kind'
          ? { conversationKind: form.kind }
          : { conversationId: conversationId },
      deleteContentAfterDays: count,
    },
  };
}

/** The hold to send, or every problem at once. */
export function holdBody(
  form: HoldForm,
): Checked<{ target: HoldTarget; reason: string }, HoldForm> {
  const problems: FormProblem<HoldForm>[] = [];
  const conversationId = form.conversationId.trim();
  if (form.target === 'user' && !form.userId)
    problems.push({ field: 'userId', message: 'compliance.holds.needPerson' });
  if (form.target === 'conversation' && !conversationId)
    problems.push({ field: 'conversationId', message: 'compliance.retention.needConversation' });
  if (!form.reason.trim())
    problems.push({ field: 'reason', message: 'compliance.holds.needReason' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    body: {
      target: form.target === 'user' ? { userId: form.userId as string } : { conversationId },
      reason: form.reason.trim(),
    },
  };
}

/** What a policy covers, as a key and its parameters for `i18n.t`. */
export function scopeLabel(scope: RetentionPolicy['scope']): {
  key: TranslationKey;
  params: Record<string, string>;
} {
  return 'conversationKind' in scope
    ? { key: `compliance.kind.${scope.conversationKind}`, params: {} }
    : { key: 'compliance.retention.oneConversation', params: { id: scope.conversationId } };
}

/** Whom a hold covers: the person's id (for a name lookup) or the conversation's. */
export function holdSubject(target: LegalHold['target']): {
  kind: 'user' | 'conversation';
  id: string;
} {
  return 'userId' in target
    ? { kind: 'user', id: target.userId }
    : { kind: 'conversation', id: target.conversationId };
}
