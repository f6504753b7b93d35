export { CloseCode, CloseReason, closeReason, type CloseCodeValue } from './close-codes';
export {
  authFrameSchema,
  BEARER_PROTOCOL_PREFIX,
  clientFrameSchema,
  FrameErrorCode,
  issuesOf,
  parseClientFrame,
  pingFrameSchema,
  PROTOCOL,
  type AuthFrame,
  type ClientFrame,
  type ErrorFrameData,
  type FrameParse,
  type PingFrame,
  type ServerEvent,
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
