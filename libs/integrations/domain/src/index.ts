export {
  SIGNATURE_TOLERANCE_MS,
  checkDingTalkSignature,
  checkStandardSignature,
  checkUrlToken,
  dingTalkSign,
  hashToken,
  newSecret,
  sameSecret,
  standardSignature,
  type AuthFailure,
  type AuthResult,
  type StandardHeaders,
} from './signatures';
export { DEFAULT_WEBHOOK_RATE, TokenBuckets, type RateLimit, type Take } from './token-bucket';
export { IpAllowlist, parseCidr } from './ip-allowlist';
export {
  MAX_IDEMPOTENCY_KEY,
  bodyHash,
  idempotencyKeyOf,
  replayOf,
  type KeyResult,
  type Replay,
} from './idempotency';
export { PayloadError, readWebhookBody, type NormalizedMessage } from './incoming-payload';
export {
  AUTH_MODES,
  chooseTarget,
  statusPathOf,
  type AuthMode,
  type WebhookTarget,
} from './webhook';
export * from './outgoing/index';
export * from './card-click';
