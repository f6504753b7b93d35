export {
  CALL_CANDIDATE_MAX_CHARS,
  CALL_NOT_PARTICIPANT,
  CALL_SDP_MAX_CHARS,
  callSignalFrameSchema,
  callSignalSchema,
  type CallSignal,
  type CallSignalFrame,
} from './call-frames';
export { CloseCode, CloseReason, closeReason, type CloseCodeValue } from './close-codes';
export {
  authFrameSchema,
  BEARER_PROTOCOL_PREFIX,
  clientFrameSchema,
  FrameErrorCode,
  issuesOf,
  lastSeqFromUrl,
  parseClientFrame,
  pingFrameSchema,
  PROTOCOL,
  type AuthFrame,
  type ClientFrame,
  type ErrorFrameData,
  type FrameParse,
  type PingFrame,
  type ServerEvent,
  type TypingFrame,
  typingFrameSchema,
} from './frames';
export {
  normalizeOrigin,
  OriginPolicy,
  readOfferedProtocols,
  selectProtocol,
  type OfferedProtocols,
} from './handshake';
export {
  HandlerRegistry,
  isDeclared,
  RESERVED_FRAME_TYPES,
  type HandlerDeclaration,
  type Resolution,
} from './handler-registry';
export { DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from './limits';
export { RecentRevocations } from './revocations';
export { TokenBucket } from './token-bucket';
export { AudienceCache } from './fanout/audience-cache';
export { EventStream } from './fanout/event-stream';
export { eventFrame, frameText, type EventFrame, type UserEvent } from './fanout/event-frame';
export { DEFAULT_FANOUT_SETTINGS, type FanoutSettings } from './fanout/fanout-options';
export {
  isStalePresence,
  PRESENCE_CHANGED,
  PRESENCE_STALE_MS,
  presenceFrameText,
  presenceRecipients,
} from './fanout/presence-frames';
export {
  audienceKindOf,
  changesAudience,
  FANOUT_TOPICS,
  needsAudience,
  recipientRuleOf,
  recipientsOf,
  RECIPIENT_RULES,
  RECEIPTS_MAX_MEMBERS,
  type AudienceKind,
  type RecipientFacts,
  type RecipientRule,
} from './fanout/recipients';
export { planResume, type ResumePlan, type StreamPosition } from './fanout/resume-plan';
export { TYPING_EXPIRES_MS, TypingThrottle } from './fanout/typing-throttle';
