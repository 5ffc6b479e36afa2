import type { Credential, CredentialRequest } from './credential.js';
import { makesCredentialUnusable } from './errors.js';

interface Entry {
  readonly credential: Credential;
  /** The settled promise handed to every hit, so that a hit allocates nothing. */
  readonly hit: Promise<Credential>;
  readonly refreshAfterMs: number;
  readonly freshUntilMs: number;
  refreshStarted: boolean;
}

/**
 * Local cache of credentials with single-flight fetching.
 *
 * A cached credential is served with no network call until `expiresAt - margin` (a token without expiry: one margin
 * after it was fetched, so that a revoked one is noticed). From half a margin before that, a read still gets the
 * cached credential at once but also starts one background fetch, so a busy caller never waits for the network.
 * Concurrent misses for one request share one fetch; failures are not cached, and a failure that means the
 * credential must not be used any more (uninstalled, unauthorized, revoked, key refused) drops the cached one.
 */
export class CredentialCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Credential>>();
  readonly #fetcher: (request: CredentialRequest) => Promise<Credential>;
  readonly #now: () => number;
  readonly #marginMs: number;
  #closed = false;

  constructor(fetcher: (request: CredentialRequest) => Promise<Credential>, now: () => number, marginMs: number) {
    this.#fetcher = fetcher;
    this.#now = now;
    this.#marginMs = marginMs;
  }

  get(key: string, request: CredentialRequest): Promise<Credential> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      const now = this.#now();
      if (now < entry.refreshAfterMs) {
        return entry.hit;
      }
      if (now < entry.freshUntilMs) {
        if (!entry.refreshStarted) {
          entry.refreshStarted = true;
          // A failed background refresh is reported to whoever reads after the cached credential stops being fresh.
          this.#fetch(key, request).catch(() => undefined);
        }
        return entry.hit;
      }
    }
    return this.#fetch(key, request);
  }

  invalidate(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry and keeps fetches still under way from adding new ones. */
  close(): void {
    this.#closed = true;
    this.#entries.clear();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get size(): number {
    return this.#entries.size;
  }

  #fetch(key: string, request: CredentialRequest): Promise<Credential> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) {
      return running;
    }
    let started: Promise<Credential>;
    try {
      started = this.#fetcher(request);
    } catch (failure) {
      started = Promise.reject(failure);
    }
    const fetch = started
      .then(
        (credential) => {
          if (!this.#closed) {
            this.#entries.set(key, this.#entryFor(credential));
          }
          return credential;
        },
        (failure: unknown) => {
          if (makesCredentialUnusable(failure)) {
            this.#entries.delete(key);
          }
          throw failure;
        },
      )
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, fetch);
    return fetch;
  }

  #entryFor(credential: Credential): Entry {
    const freshUntilMs =
      credential.expiresAtMs === null ? this.#now() + this.#marginMs : credential.expiresAtMs - this.#marginMs;
    return {
      credential,
      hit: Promise.resolve(credential),
      refreshAfterMs: freshUntilMs - this.#marginMs / 2,
      freshUntilMs,
      refreshStarted: false,
    };
  }
}
