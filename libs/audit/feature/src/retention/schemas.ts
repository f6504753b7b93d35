import { CONVERSATION_KINDS, MAX_RETENTION_DAYS } from '@tidings/audit/domain';
import { z } from 'zod';

const id = z.string().trim().min(1).max(64);

const days = z
  .number()
  .int()
  .min(1)
  .max(MAX_RETENTION_DAYS, `at most ${MAX_RETENTION_DAYS} days`)
  .describe('Message content older than this many days is purged');

export const policyScope = z.union([
  z.strictObject({ conversationKind: z.enum(CONVERSATION_KINDS) }),
  z.strictObject({ conversationId: id }),
]);

/** PUT /compliance/retention-policies: the policy of a scope, created or changed. */
export const putPolicyBody = z.strictObject({
  scope: policyScope,
  deleteContentAfterDays: days,
});
export type PutPolicyBody = z.infer<typeof putPolicyBody>;

/** PUT /compliance/retention-policies/{id}: a policy's new period (its scope stays). */
export const updatePolicyBody = z.strictObject({ deleteContentAfterDays: days });
export type UpdatePolicyBody = z.infer<typeof updatePolicyBody>;

export const holdTarget = z.union([
  z.strictObject({ userId: id }),
  z.strictObject({ conversationId: id }),
]);

/** POST /compliance/legal-holds. */
export const placeHoldBody = z.strictObject({
  target: holdTarget,
  reason: z.string().trim().min(1, 'say why (a case, a request)').max(1000),
});
export type PlaceHoldBody = z.infer<typeof placeHoldBody>;
