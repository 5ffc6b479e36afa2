import { Credential, type CredentialRequest, readCredential } from './credential.js';
import { AuthpipeError, errorFromResponse } from './errors.js';

/** Sent as `User-Agent: authpipe-node/<version>`; raise it with each release. */
export const SDK_VERSION = '0.1.0';

export type Fetch = typeof globalThis.fetch;

/**
 * The one REST call the SDK makes: `GET /v1/credentials`. Every call settles within the timeout, body included,
 * with a Credential or an AuthpipeError; redirects are not followed.
 */
export class CredentialsEndpoint {
  readonly #url: string;
  readonly #secretKey: string;
  readonly #timeoutMs: number;
  readonly #minValiditySeconds: number;
  readonly #fetch: Fetch;

  constructor(baseUrl: string, secretKey: string, timeoutMs: number, minValiditySeconds: number, fetchImpl: Fetch) {
    this.#url = `${baseUrl}/v1/credentials`;
    this.#secretKey = secretKey;
    this.#timeoutMs = timeoutMs;
    this.#minValiditySeconds = minValiditySeconds;
    this.#fetch = fetchImpl;
  }

  urlFor(request: CredentialRequest): string {
    const query = new URLSearchParams({
      provider: request.provider,
      tenantId: request.tenantId,
      credentialFor: request.credentialFor,
    });
    if (request.credentialFor === 'user') {
      query.set('userId', request.userId);
    }
    query.set('minValiditySeconds', String(this.#minValiditySeconds));
    return `${this.#url}?${query.toString().replaceAll('+', '%20')}`;
  }

  async fetch(request: CredentialRequest): Promise<Credential> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let status: number;
    let body: string;
    try {
      const response = await this.#fetch(this.urlFor(request), {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${this.#secretKey}`,
          Accept: 'application/json',
          'User-Agent': `authpipe-node/${SDK_VERSION}`,
        },
        redirect: 'manual',
        signal,
      });
      status = response.status;
      body = await response.text();
    } catch (failure) {
      throw this.#networkError(failure, signal);
    }
    if (status >= 200 && status < 300) {
      return readCredential(body, status);
    }
    if (status >= 400) {
      throw errorFromResponse(status, body, this.#secretKey);
    }
    throw new AuthpipeError(
      AuthpipeError.UNEXPECTED_RESPONSE,
      `Authpipe answered HTTP ${status}; redirects are not followed`,
      status,
    );
  }

  #networkError(failure: unknown, signal: AbortSignal): AuthpipeError {
    let detail: string;
    if (signal.aborted) {
      detail = `no answer within ${this.#timeoutMs} ms`;
    } else {
      const cause = failure instanceof Error ? failure.cause : undefined;
      const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined;
      detail = code ?? (failure instanceof Error ? failure.message : String(failure));
    }
    return new AuthpipeError(AuthpipeError.NETWORK_ERROR, `Could not reach Authpipe at ${this.#url}: ${detail}`, 0, {
      cause: failure,
    });
  }
}
