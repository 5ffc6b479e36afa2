import { inspect } from 'node:util';
import { AuthpipeError, isObject } from './errors.js';

/** Which credential to fetch: a tenant's installation, or one user's authorization inside it. */
export type CredentialRequest =
  | { provider: string; tenantId: string; credentialFor: 'installation'; userId?: undefined }
  | { provider: string; tenantId: string; credentialFor: 'user'; userId: string };

/**
 * A provider access token as Authpipe handed it out, with what is known about it. `credential` is a getter, so
 * `const { credential } = ...` works while `console.log`, `JSON.stringify` and object spread never show the token.
 */
export class Credential {
  readonly #token: string;

  /** The token type the provider reported, e.g. `bearer`; null if the server sent none. */
  readonly tokenType: string | null;
  /** When the token expires (ISO-8601, as the server sent it); null when the provider reported no expiry. */
  readonly expiresAt: string | null;
  /** The granted scopes; empty when none were reported. */
  readonly scopes: readonly string[];
  /** Provider facts about the credential, e.g. Harvest's `accountIds`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The credential's status on the server, e.g. `active`; null if the server sent none. */
  readonly status: string | null;
  /** `expiresAt` in epoch milliseconds, or null. */
  readonly expiresAtMs: number | null;

  constructor(fields: {
    credential: string;
    tokenType: string | null;
    expiresAt: string | null;
    expiresAtMs: number | null;
    scopes: readonly string[];
    metadata: Readonly<Record<string, unknown>>;
    status: string | null;
  }) {
    this.#token = fields.credential;
    this.tokenType = fields.tokenType;
    this.expiresAt = fields.expiresAt;
    this.expiresAtMs = fields.expiresAtMs;
    this.scopes = fields.scopes;
    this.metadata = fields.metadata;
    this.status = fields.status;
    Object.freeze(this);
  }

  /** The access token, to send to the provider (e.g. `Authorization: Bearer <credential>`). */
  get credential(): string {
    return this.#token;
  }

  /** Everything but the token, which shows as `***`. */
  toJSON(): Record<string, unknown> {
    return {
      credential: '***',
      tokenType: this.tokenType,
      expiresAt: this.expiresAt,
      scopes: this.scopes,
      metadata: this.metadata,
      status: this.status,
    };
  }

  [inspect.custom](): string {
    return `Credential ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * Reads the success body of `GET /v1/credentials`: tolerant of fields the server may add, strict where a wrong answer
 * would hand out a bad token. Messages name fields, never their values.
 */
export function readCredential(body: string, status: number): Credential {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw unexpected('a body that is not JSON', status);
  }
  if (!isObject(json)) {
    throw unexpected('a JSON body that is not an object', status);
  }
  const credential = optionalString(json, 'credential', status);
  if (credential === null || credential === '') {
    throw unexpected("no 'credential' string", status);
  }
  const expiresAt = optionalString(json, 'expiresAt', status);
  let expiresAtMs: number | null = null;
  if (expiresAt !== null) {
    expiresAtMs = Date.parse(expiresAt);
    if (Number.isNaN(expiresAtMs)) {
      throw unexpected("an 'expiresAt' that is not an ISO-8601 instant", status);
    }
  }
  return new Credential({
    credential,
    tokenType: optionalString(json, 'tokenType', status),
    expiresAt,
    expiresAtMs,
    scopes: scopes(json, status),
    metadata: metadata(json, status),
    status: optionalString(json, 'status', status),
  });
}

function optionalString(fields: Record<string, unknown>, name: string, status: number): string | null {
  const value = fields[name];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    throw unexpected(`a '${name}' that is not a string`, status);
  }
  return value;
}

function scopes(fields: Record<string, unknown>, status: number): readonly string[] {
  const value = fields['scopes'];
  if (value === undefined || value === null) {
    return Object.freeze([]);
  }
  if (!Array.isArray(value)) {
    throw unexpected("'scopes' that are not an array", status);
  }
  for (const scope of value) {
    if (typeof scope !== 'string') {
      throw unexpected('a scope that is not a string', status);
    }
  }
  return Object.freeze([...(value as string[])]);
}

function metadata(fields: Record<string, unknown>, status: number): Readonly<Record<string, unknown>> {
  const value = fields['metadata'];
  if (value === undefined || value === null) {
    return Object.freeze({});
  }
  if (!isObject(value)) {
    throw unexpected("'metadata' that is not an object", status);
  }
  return deepFreeze(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}

function unexpected(what: string, status: number): AuthpipeError {
  return new AuthpipeError(AuthpipeError.UNEXPECTED_RESPONSE, `Authpipe answered HTTP ${status} with ${what}`, status);
}

/**
 * Checks a request from JavaScript callers, whom the types do not bind, and returns its cache key: the fields joined
 * by NUL, which no field may contain. On the hot path of every cache hit, so it stays free of destructuring and JSON.
 */
export function keyOf(request: CredentialRequest): string {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError('getCredential needs a request object: { provider, tenantId, credentialFor, userId? }');
  }
  const provider: unknown = request.provider;
  const tenantId: unknown = request.tenantId;
  const userId: unknown = request.userId;
  requireName(provider, 'provider');
  requireName(tenantId, 'tenantId');
  if (request.credentialFor === 'installation') {
    if (userId !== undefined && userId !== null) {
      throw new TypeError("userId must not be set when credentialFor is 'installation'");
    }
    return provider + '\u0000' + tenantId;
  }
  if (request.credentialFor === 'user') {
    requireName(userId, 'userId');
    return provider + '\u0000' + tenantId + '\u0000' + userId;
  }
  throw new TypeError("credentialFor must be 'installation' or 'user'");
}

function requireName(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.trim().length === 0) {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  if (value.includes('\u0000')) {
    throw new TypeError(`${name} must not contain a NUL character`);
  }
}
