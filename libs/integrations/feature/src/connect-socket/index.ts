export { ConnectSocketModule, type ConnectSocketModuleOptions } from './connect-socket.module';
export { ConnectSocketServer } from './connect-socket.server';
export {
  CONNECT_PATH,
  CONNECT_PROTOCOL,
  ConnectClose,
  ConnectCloseReason,
  ConnectErrorCode,
} from './frames';
export {
  CONNECT_PERMISSION,
  DEFAULT_CONNECT_SOCKET_OPTIONS,
  type ConnectAuthenticator,
  type ConnectCards,
  type ConnectPrincipal,
  type ConnectSocketOptions,
} from './ports';
export { SocketTryError } from './socket-transport';
