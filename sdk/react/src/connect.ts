/**
 * The framework-free core of the connect flow: open a popup, point it at the connect URL that the app's backend
 * minted, and settle with the outcome that Authpipe's callback page posts back. Secrets never pass through here:
 * the page only ever sees the connect session's URL and the outcome.
 */

/** What the app's backend returns from `POST /v1/connect/sessions` (only `url` is needed). */
export interface ConnectSession {
  url: string;
  token?: string;
  expiresAt?: string;
}

/** Tells the backend which session to mint; the tenant and user come from the backend's own login. */
export interface SessionRequest {
  provider: string;
  credentialFor: 'installation' | 'user';
}

/** A successful connection, as Authpipe's callback page reported it. */
export interface ConnectResult {
  type: 'installed' | 'authorized';
  provider: string;
  tenantId: string;
  userId?: string;
}

/**
 * A connection that did not happen. `code` is Authpipe's error code from the callback (`access_denied`,
 * `account_mismatch`, `session_expired`, ...) or one of this package's: `popup_blocked`, `popup_closed`,
 * `session_failed` (getSession threw or returned no URL), `wrong_origin` (the session URL is not on `baseUrl`),
 * `timeout`, `unexpected_outcome`.
 */
export class ConnectError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectError';
    this.code = code;
  }
}

export interface ConnectOptions {
  /** The Authpipe server's URL; only messages from its origin are accepted. */
  baseUrl: string;
  /** Resolves to a fresh connect session from the app's own backend. */
  getSession: (request: SessionRequest) => Promise<ConnectSession>;
  provider: string;
  credentialFor: 'installation' | 'user';
  /** `window.open` features; default a centred 600 × 720 popup. */
  popupFeatures?: string;
  /** Give up after this long; default 30 minutes, the lifetime of a connect session. */
  timeoutMs?: number;
  /** The window that opens the popup; default the global `window`. */
  window?: Window;
}

const CLOSED_POLL_MS = 250;
/** Time for a message posted just before the popup closed itself to be delivered. */
const CLOSED_GRACE_MS = 500;

/**
 * Runs one connect flow. Call it straight from a click handler: the popup is opened synchronously, before
 * getSession is awaited, so that browsers do not block it.
 */
export function connect(options: ConnectOptions): Promise<ConnectResult> {
  const win = options.window ?? window;
  let authpipeOrigin: string;
  try {
    authpipeOrigin = new URL(options.baseUrl).origin;
  } catch (invalid) {
    return Promise.reject(new ConnectError('wrong_origin', `baseUrl is not a URL: ${options.baseUrl}`, { cause: invalid }));
  }
  const popup = win.open('', 'authpipe-connect', options.popupFeatures ?? centredFeatures(win, 600, 720));
  if (popup === null) {
    return Promise.reject(new ConnectError('popup_blocked', 'The browser blocked the Authpipe popup; allow popups for this site'));
  }
  return new Promise<ConnectResult>((resolve, reject) => {
    let settled = false;
    let closedAt: number | undefined;
    const finish = (outcome: ConnectResult | ConnectError): void => {
      if (settled) {
        return;
      }
      settled = true;
      win.removeEventListener('message', onMessage);
      win.clearInterval(closedPoll);
      win.clearTimeout(deadline);
      if (!popup.closed) {
        popup.close();
      }
      if (outcome instanceof ConnectError) {
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== authpipeOrigin || event.source !== popup) {
        return; // another window or origin: never trusted
      }
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null || (data as { source?: unknown }).source !== 'authpipe') {
        return;
      }
      finish(outcomeOf(data as Record<string, unknown>));
    };
    win.addEventListener('message', onMessage);
    const closedPoll = win.setInterval(() => {
      if (!popup.closed) {
        return;
      }
      closedAt ??= Date.now();
      if (Date.now() - closedAt >= CLOSED_GRACE_MS) {
        finish(new ConnectError('popup_closed', 'The Authpipe popup was closed before the connection finished'));
      }
    }, CLOSED_POLL_MS);
    const deadline = win.setTimeout(
      () => finish(new ConnectError('timeout', 'The connection did not finish in time')),
      options.timeoutMs ?? 30 * 60_000,
    );

    Promise.resolve()
      .then(() => options.getSession({ provider: options.provider, credentialFor: options.credentialFor }))
      .then(
        (session) => {
          if (settled) {
            return;
          }
          const url = typeof session?.url === 'string' ? session.url : undefined;
          if (url === undefined) {
            finish(new ConnectError('session_failed', 'getSession returned no connect session url'));
            return;
          }
          let target: URL;
          try {
            target = new URL(url);
          } catch {
            finish(new ConnectError('session_failed', 'getSession returned a url that is not absolute'));
            return;
          }
          if (target.origin !== authpipeOrigin) {
            finish(new ConnectError('wrong_origin', `The connect session url is not on ${authpipeOrigin}`));
            return;
          }
          popup.location.href = target.href;
        },
        (failure: unknown) =>
          finish(new ConnectError('session_failed', 'Could not get a connect session from the app backend', { cause: failure })),
      );
  });
}

function outcomeOf(data: Record<string, unknown>): ConnectResult | ConnectError {
  const { type, provider, tenantId, userId, error } = data;
  if (type === 'error') {
    const code = typeof error === 'string' && error !== '' ? error : 'connect_failed';
    return new ConnectError(code, `Authpipe could not connect: ${code}`);
  }
  if ((type === 'installed' || type === 'authorized') && typeof provider === 'string' && typeof tenantId === 'string') {
    const result: ConnectResult = { type, provider, tenantId };
    if (typeof userId === 'string') {
      result.userId = userId;
    }
    return result;
  }
  return new ConnectError('unexpected_outcome', 'Authpipe posted an outcome this version does not understand');
}

function centredFeatures(win: Window, width: number, height: number): string {
  const left = Math.max(0, Math.round(win.screenX + (win.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(win.screenY + (win.outerHeight - height) / 2));
  return `popup=yes,width=${width},height=${height},left=${left},top=${top}`;
}
