export {
  AuthorizeButton,
  type AuthorizeButtonProps,
  AuthpipeProvider,
  type AuthpipeProviderProps,
  type ConnectStatus,
  InstallButton,
  type InstallButtonProps,
  useAuthpipeConnect,
} from './react.js';
export {
  ConnectError,
  type ConnectOptions,
  type ConnectResult,
  type ConnectSession,
  connect,
  type SessionRequest,
} from './connect.js';
