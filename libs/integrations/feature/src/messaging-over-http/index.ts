export { MessagingOverHttp, type MessagingOverHttpOptions } from './messaging-over-http';
export {
  InternalHttpClient,
  refusalOf,
  SERVICE_TOKEN_HEADER,
  type InternalHttpOptions,
} from './internal-http-client';
