/**
 * Every failure of the SDK is an AuthpipeError. `code` is the server's error code (`not_installed`, ...) or one
 * of the SDK's own: `network_error` when the server could not be reached in time, `unexpected_response` when it
 * answered something that is not Authpipe's API. `status` is the HTTP status, 0 when there was none.
 */
export class AuthpipeError extends Error {
  static readonly NETWORK_ERROR = 'network_error';
  static readonly UNEXPECTED_RESPONSE = 'unexpected_response';

  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** The tenant has no installation of the provider (`404 not_installed`). */
export class NotInstalled extends AuthpipeError {
  static readonly CODE = 'not_installed';
}

/** The installation exists but this user has not authorized (`404 not_authorized`). */
export class NotAuthorized extends AuthpipeError {
  static readonly CODE = 'not_authorized';
}

/** The credential was revoked or cannot be recovered: connect it again (`409 reconnect_required`). */
export class ReconnectRequired extends AuthpipeError {
  static readonly CODE = 'reconnect_required';
}

/** A needed refresh could not reach the provider (`503 provider_unavailable`); try again later. */
export class ProviderUnavailable extends AuthpipeError {
  static readonly CODE = 'provider_unavailable';
}

/** The server refused the secret key (any `401`). */
export class Unauthorized extends AuthpipeError {
  static readonly CODE = 'unauthorized';
}

const REDACTED = '***';

/**
 * Turns an error answer of the server into the matching typed error. The body's code selects the type, and any 401
 * is Unauthorized whatever its body. A body that is not an Authpipe error is never echoed: only its status is told.
 */
export function errorFromResponse(status: number, body: string, secretKey: string): AuthpipeError {
  const error = errorObject(body);
  const code = typeof error?.['code'] === 'string' && error['code'] !== '' ? error['code'] : undefined;
  if (code === undefined) {
    if (status === 401) {
      return new Unauthorized(Unauthorized.CODE, 'Authpipe refused the secret key (HTTP 401)', status);
    }
    return new AuthpipeError(
      AuthpipeError.UNEXPECTED_RESPONSE,
      `Authpipe answered HTTP ${status} without an Authpipe error body`,
      status,
    );
  }
  const serverMessage = error?.['message'];
  const message =
    typeof serverMessage === 'string' && serverMessage.trim() !== ''
      ? serverMessage.split(secretKey).join(REDACTED)
      : `Authpipe answered HTTP ${status} (${code})`;
  if (status === 401) {
    return new Unauthorized(code, message, status);
  }
  switch (code) {
    case NotInstalled.CODE:
      return new NotInstalled(code, message, status);
    case NotAuthorized.CODE:
      return new NotAuthorized(code, message, status);
    case ReconnectRequired.CODE:
      return new ReconnectRequired(code, message, status);
    case ProviderUnavailable.CODE:
      return new ProviderUnavailable(code, message, status);
    case Unauthorized.CODE:
      return new Unauthorized(code, message, status);
    default:
      return new AuthpipeError(code, message, status);
  }
}

function errorObject(body: string): Record<string, unknown> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(json)) {
    return undefined;
  }
  const error = json['error'];
  return isObject(error) ? error : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Failures after which a cached credential must not be served any more. */
export function makesCredentialUnusable(error: unknown): boolean {
  return (
    error instanceof NotInstalled ||
    error instanceof NotAuthorized ||
    error instanceof ReconnectRequired ||
    error instanceof Unauthorized
  );
}
