import { CredentialCache } from './cache.js';
import { type Credential, type CredentialRequest, keyOf } from './credential.js';
import { CredentialsEndpoint, type Fetch } from './endpoint.js';

export interface AuthpipeOptions {
  /** The server's URL, e.g. `http://localhost:7420`; a path prefix is kept. */
  baseUrl: string;
  /** The project's secret key (`sk_...`), sent as a bearer token. */
  secretKey: string;
  /**
   * How long before expiry a cached token stops being served; default 300 s, at most one day. Tokens without expiry
   * are cached this long. The server is asked for tokens valid for twice this margin.
   */
  safetyMarginSeconds?: number;
  /** The longest one call to the server may take, body included; default 10,000 ms. */
  timeoutMs?: number;
  /** The fetch to use, e.g. one with a proxy agent; default the global fetch. */
  fetch?: Fetch;
  /** The clock that decides whether a cached token is fresh, in epoch ms; default `Date.now`. */
  now?: () => number;
}

const MAX_SAFETY_MARGIN_SECONDS = 86_400;
const MAX_TIMEOUT_MS = 86_400_000;

/**
 * The client of an Authpipe server. Build one per server and secret key and share it:
 *
 * ```ts
 * const authpipe = new Authpipe({ baseUrl: 'http://localhost:7420', secretKey: process.env.AUTHPIPE_SECRET_KEY! });
 * const { credential } = await authpipe.getCredential({ provider: 'harvest', tenantId: 'org_acme', credentialFor: 'installation' });
 * ```
 */
export class Authpipe {
  readonly #baseUrl: string;
  readonly #cache: CredentialCache;

  constructor(options: AuthpipeOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('new Authpipe needs options: { baseUrl, secretKey }');
    }
    this.#baseUrl = checkBaseUrl(options.baseUrl);
    const secretKey = checkSecretKey(options.secretKey);
    const marginSeconds = checkNumber(options.safetyMarginSeconds, 'safetyMarginSeconds', 300, MAX_SAFETY_MARGIN_SECONDS);
    const timeoutMs = checkNumber(options.timeoutMs, 'timeoutMs', 10_000, MAX_TIMEOUT_MS);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new TypeError('fetch must be a function; Node 20 or later has one built in');
    }
    const now = options.now ?? Date.now;
    if (typeof now !== 'function') {
      throw new TypeError('now must be a function returning epoch milliseconds');
    }
    const endpoint = new CredentialsEndpoint(
      this.#baseUrl,
      secretKey,
      timeoutMs,
      Math.ceil(2 * marginSeconds),
      fetchImpl,
    );
    this.#cache = new CredentialCache((request) => endpoint.fetch(request), now, marginSeconds * 1000);
  }

  /**
   * Resolves to a token for `request` that stays valid for longer than the safety margin. Settles at once from the
   * local cache when it holds such a token; otherwise asks the server, once however many callers ask together.
   * Rejects with NotInstalled, NotAuthorized, ReconnectRequired, ProviderUnavailable, Unauthorized, or an
   * AuthpipeError (e.g. code `network_error`); with a TypeError for a malformed request or a closed client.
   */
  getCredential(request: CredentialRequest): Promise<Credential> {
    let key: string;
    try {
      key = keyOf(request);
    } catch (invalid) {
      return Promise.reject(invalid);
    }
    if (this.#cache.closed) {
      return Promise.reject(new TypeError('This Authpipe client is closed'));
    }
    return this.#cache.get(key, request);
  }

  /** Drops the cached credential for `request`, e.g. after the provider rejected the token. */
  invalidate(request: CredentialRequest): void {
    this.#cache.invalidate(keyOf(request));
  }

  /** Drops every cached token; later calls to getCredential reject. Safe to call more than once. */
  close(): void {
    this.#cache.close();
  }

  /** Describes the client; never shows the secret key. */
  toString(): string {
    return `Authpipe{baseUrl=${this.#baseUrl}, secretKey=***, cachedCredentials=${this.#cache.size}${
      this.#cache.closed ? ', closed' : ''
    }}`;
  }
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string') {
    throw new TypeError('baseUrl is required, e.g. http://localhost:7420');
  }
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new TypeError(`baseUrl must be an absolute http or https URL such as http://localhost:7420, got ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an absolute http or https URL such as http://localhost:7420, got ${baseUrl}`);
  }
  // Rejected so that the URL is safe to show in messages; credentials go in secretKey.
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('baseUrl must not contain user info');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`baseUrl must not have a query or fragment, got ${baseUrl}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function checkSecretKey(secretKey: unknown): string {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new TypeError('secretKey is required: the project secret key Authpipe showed when the project was created');
  }
  for (let i = 0; i < secretKey.length; i++) {
    const c = secretKey.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      // Names the position only: the key must not reach a log, even a malformed one.
      throw new TypeError(
        `secretKey contains a space, control or non-ASCII character at index ${i}; copy the key exactly as Authpipe showed it`,
      );
    }
  }
  return secretKey;
}

function checkNumber(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new TypeError(`${name} must be a positive number of at most ${max}`);
  }
  return value;
}
