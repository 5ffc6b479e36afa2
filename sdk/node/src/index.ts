export { Authpipe, type AuthpipeOptions } from './client.js';
export { Credential, type CredentialRequest } from './credential.js';
export {
  AuthpipeError,
  NotAuthorized,
  NotInstalled,
  ProviderUnavailable,
  ReconnectRequired,
  Unauthorized,
} from './errors.js';
