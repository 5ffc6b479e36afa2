import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  Authpipe,
  AuthpipeError,
  NotAuthorized,
  NotInstalled,
  ProviderUnavailable,
  ReconnectRequired,
  Unauthorized,
} from '../src/index.js';
import { type Broker, FakeProvider, call, createProject, eventually, freePort, startBroker } from '../../test-support/broker.js';

let broker: Broker;
let provider: FakeProvider;
let secretKey: string;
let tenantCounter = 0;

/** A tenant name of its own for each test, so tests share the broker without seeing each other's data. */
function tenant(): string {
  return `org_${++tenantCounter}_${Date.now().toString(36)}`;
}

function isoIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

async function importCredential(fields: Record<string, unknown>): Promise<void> {
  const { status, json } = await call(broker, 'POST', '/v1/credentials/import', secretKey, {
    provider: 'oauth2',
    credentialFor: 'installation',
    ...fields,
  });
  assert.equal(status, 201, JSON.stringify(json));
}

/** Counts the calls an SDK client makes, passing each on to the real fetch. */
function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls++;
      return fetch(input, init);
    },
    calls: () => calls,
  };
}

before(async () => {
  broker = await startBroker();
  provider = await new FakeProvider().start();
  secretKey = await createProject(broker, 'node sdk tests');
  const { status, json } = await call(broker, 'PUT', '/v1/integrations/oauth2', secretKey, {
    clientId: 'node-sdk-client',
    clientSecret: 'node-sdk-client-secret',
    scopes: ['read', 'write'],
    endpointOverrides: { authorize: `${provider.url}/authorize`, token: `${provider.url}/token` },
  });
  assert.equal(status, 201, JSON.stringify(json));
});

after(async () => {
  await provider?.stop();
  await broker?.stop();
});

describe('getCredential against a running broker', () => {
  it('returns the installation and user tokens with what the server knows about them', async () => {
    const tenantId = tenant();
    const expiresAt = isoIn(3600);
    await importCredential({
      tenantId,
      accessToken: 'bot-token-1',
      expiresAt,
      metadata: { accountIds: ['100001'] },
    });
    await importCredential({ tenantId, credentialFor: 'user', userId: 'user_123', accessToken: 'user-token-1' });
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });

    const { credential: botToken } = await authpipe.getCredential({
      provider: 'oauth2',
      tenantId,
      credentialFor: 'installation',
    });
    const bot = await authpipe.getCredential({ provider: 'oauth2', tenantId, credentialFor: 'installation' });
    const { credential } = await authpipe.getCredential({
      provider: 'oauth2',
      tenantId,
      userId: 'user_123',
      credentialFor: 'user',
    });

    assert.equal(botToken, 'bot-token-1');
    assert.equal(credential, 'user-token-1');
    assert.equal(bot.tokenType, 'bearer');
    assert.equal(Date.parse(bot.expiresAt!), Date.parse(expiresAt));
    assert.deepEqual(bot.scopes, ['read', 'write']);
    assert.deepEqual(bot.metadata, { accountIds: ['100001'] });
    assert.equal(bot.status, 'active');
  });

  it('serves a cached token with no network call, and many concurrent misses with one', async () => {
    const tenantId = tenant();
    await importCredential({ tenantId, accessToken: 'cached-token', expiresAt: isoIn(3600) });
    const counter = countingFetch();
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey, fetch: counter.fetch });
    const request = { provider: 'oauth2', tenantId, credentialFor: 'installation' } as const;

    const together = await Promise.all(Array.from({ length: 50 }, () => authpipe.getCredential(request)));
    assert.equal(counter.calls(), 1);
    assert.ok(together.every((c) => c === together[0]));

    for (let i = 0; i < 100; i++) {
      assert.equal((await authpipe.getCredential(request)).credential, 'cached-token');
    }
    assert.equal(counter.calls(), 1);
  });

  it('gets a token the server refreshed when the stored one expires within the safety margin', async () => {
    const tenantId = tenant();
    await importCredential({ tenantId, accessToken: 'about-to-expire', refreshToken: 'rt-1', expiresAt: isoIn(120) });
    const before = provider.refreshes;
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        authpipe.getCredential({ provider: 'oauth2', tenantId, credentialFor: 'installation' }),
      ),
    );

    assert.match(results[0]!.credential, /^refreshed-/);
    assert.ok(results.every((c) => c.credential === results[0]!.credential));
    assert.ok(Date.parse(results[0]!.expiresAt!) > Date.now() + 3000_000);
    assert.equal(provider.refreshes - before, 1);
  });

  it('refreshes in the background shortly before the margin, and waits once the cached token is stale', async () => {
    const tenantId = tenant();
    const expiresAtMs = Date.now() + 3600_000;
    await importCredential({ tenantId, accessToken: 'first', expiresAt: new Date(expiresAtMs).toISOString() });
    let now = Date.now();
    const counter = countingFetch();
    const authpipe = new Authpipe({
      baseUrl: broker.baseUrl,
      secretKey,
      fetch: counter.fetch,
      now: () => now,
      safetyMarginSeconds: 300,
    });
    const request = { provider: 'oauth2', tenantId, credentialFor: 'installation' } as const;
    assert.equal((await authpipe.getCredential(request)).credential, 'first');
    // A refresh yields a token that expires later; so does the one the background fetch will find.
    const secondExpiresAtMs = expiresAtMs + 3600_000;
    await importCredential({ tenantId, accessToken: 'second', expiresAt: new Date(secondExpiresAtMs).toISOString() });

    now = expiresAtMs - 300_000 - 60_000; // inside the last half margin before the token stops being fresh
    assert.equal((await authpipe.getCredential(request)).credential, 'first');
    assert.equal((await authpipe.getCredential(request)).credential, 'first');
    await eventually(() => counter.calls() === 2, 'the background refresh was sent');
    let latest = 'first';
    await eventually(() => {
      void authpipe.getCredential(request).then((c) => (latest = c.credential));
      return latest === 'second';
    }, 'the background refresh replaced the cached credential');
    assert.equal(counter.calls(), 2);

    await importCredential({ tenantId, accessToken: 'third', expiresAt: isoIn(3 * 3600) });
    now = secondExpiresAtMs - 299_000; // no longer fresh: the read waits for the server
    assert.equal((await authpipe.getCredential(request)).credential, 'third');
    assert.equal(counter.calls(), 3);
  });

  it('rejects with NotInstalled and NotAuthorized, carrying the server code and message', async () => {
    const tenantId = tenant();
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });

    const notInstalled = await authpipe
      .getCredential({ provider: 'oauth2', tenantId, credentialFor: 'installation' })
      .catch((e: unknown) => e);
    assert.ok(notInstalled instanceof NotInstalled);
    assert.ok(notInstalled instanceof AuthpipeError);
    assert.equal(notInstalled.code, 'not_installed');
    assert.equal(notInstalled.status, 404);
    assert.equal(notInstalled.name, 'NotInstalled');
    assert.ok(notInstalled.message.length > 0);

    await importCredential({ tenantId, accessToken: 'bot' });
    const notAuthorized = await authpipe
      .getCredential({ provider: 'oauth2', tenantId, userId: 'nobody', credentialFor: 'user' })
      .catch((e: unknown) => e);
    assert.ok(notAuthorized instanceof NotAuthorized);
    assert.equal(notAuthorized.code, 'not_authorized');
    assert.equal(notAuthorized.status, 404);
  });

  it('rejects with Unauthorized for a refused key and never repeats the key', async () => {
    const wrongKey = 'sk_live_this_is_not_a_key_of_this_server';
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey: wrongKey });
    const error = await authpipe
      .getCredential({ provider: 'oauth2', tenantId: tenant(), credentialFor: 'installation' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof Unauthorized);
    assert.equal(error.status, 401);
    assert.ok(!error.message.includes(wrongKey));
    assert.ok(!inspect(error).includes(wrongKey));
    assert.ok(!String(authpipe).includes(wrongKey));
  });

  it('rejects with ProviderUnavailable, then ReconnectRequired once the provider refuses the grant', async () => {
    const tenantId = tenant();
    await importCredential({ tenantId, accessToken: 'soon-gone', refreshToken: 'rt-2', expiresAt: isoIn(60) });
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });
    const request = { provider: 'oauth2', tenantId, credentialFor: 'installation' } as const;
    try {
      provider.answer = 'unavailable';
      const unavailable = await authpipe.getCredential(request).catch((e: unknown) => e);
      assert.ok(unavailable instanceof ProviderUnavailable, inspect(unavailable));
      assert.equal(unavailable.code, 'provider_unavailable');
      assert.equal(unavailable.status, 503);

      provider.answer = 'invalid_grant';
      const forced = await call(broker, 'POST', `/v1/installations/oauth2/${tenantId}/refresh`, secretKey);
      assert.equal(forced.status, 409, JSON.stringify(forced.json));
      const revoked = await authpipe.getCredential(request).catch((e: unknown) => e);
      assert.ok(revoked instanceof ReconnectRequired, inspect(revoked));
      assert.equal(revoked.code, 'reconnect_required');
      assert.equal(revoked.status, 409);
    } finally {
      provider.answer = 'tokens';
    }
  });

  it('stops serving a cached token once the server says the installation is gone', async () => {
    const tenantId = tenant();
    const expiresAtMs = Date.now() + 3600_000;
    await importCredential({ tenantId, accessToken: 'to-be-uninstalled', expiresAt: new Date(expiresAtMs).toISOString() });
    let now = Date.now();
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey, now: () => now });
    const request = { provider: 'oauth2', tenantId, credentialFor: 'installation' } as const;
    await authpipe.getCredential(request);
    const uninstalled = await call(broker, 'DELETE', `/v1/installations/oauth2/${tenantId}`, secretKey);
    assert.equal(uninstalled.status, 204);

    now = expiresAtMs - 300_000 - 60_000; // the background refresh learns of the uninstall
    await authpipe.getCredential(request);
    await eventually(() => /size=0|cachedCredentials=0/.test(String(authpipe)), 'the cached credential was dropped');
    await assert.rejects(authpipe.getCredential(request), NotInstalled);
  });

  it('invalidate() makes the next read ask the server', async () => {
    const tenantId = tenant();
    await importCredential({ tenantId, accessToken: 'before-invalidate', expiresAt: isoIn(3600) });
    const counter = countingFetch();
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey, fetch: counter.fetch });
    const request = { provider: 'oauth2', tenantId, credentialFor: 'installation' } as const;
    await authpipe.getCredential(request);
    await importCredential({ tenantId, accessToken: 'after-invalidate', expiresAt: isoIn(3600) });
    authpipe.invalidate(request);
    assert.equal((await authpipe.getCredential(request)).credential, 'after-invalidate');
    assert.equal(counter.calls(), 2);
  });

  it('never shows the token when a credential is logged or serialised', async () => {
    const tenantId = tenant();
    await importCredential({ tenantId, accessToken: 'do-not-log-me', expiresAt: isoIn(3600) });
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });
    const credential = await authpipe.getCredential({ provider: 'oauth2', tenantId, credentialFor: 'installation' });
    assert.equal(credential.credential, 'do-not-log-me');
    for (const shown of [inspect(credential), JSON.stringify(credential), JSON.stringify({ ...credential })]) {
      assert.ok(!shown.includes('do-not-log-me'), shown);
    }
    assert.ok(!inspect(authpipe).includes(secretKey));
    assert.ok(!String(authpipe).includes(secretKey));
  });

  it('rejects once closed', async () => {
    const authpipe = new Authpipe({ baseUrl: broker.baseUrl, secretKey });
    authpipe.close();
    authpipe.close();
    await assert.rejects(
      authpipe.getCredential({ provider: 'oauth2', tenantId: tenant(), credentialFor: 'installation' }),
      /closed/,
    );
  });
});

describe('failures that the broker does not produce', () => {
  let server: Server;
  let answer: (response: import('node:http').ServerResponse) => void = () => undefined;
  let url: string;

  before(async () => {
    server = createServer((_request, response) => answer(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = { provider: 'harvest', tenantId: 'org_acme', credentialFor: 'installation' } as const;

  it('reports a server that cannot be reached as network_error', async () => {
    const authpipe = new Authpipe({ baseUrl: `http://127.0.0.1:${await freePort()}`, secretKey: 'sk_test' });
    const error = await authpipe.getCredential(request).catch((e: unknown) => e);
    assert.ok(error instanceof AuthpipeError);
    assert.equal(error.code, 'network_error');
    assert.equal(error.status, 0);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    answer = () => undefined; // never answers
    const authpipe = new Authpipe({ baseUrl: url, secretKey: 'sk_test', timeoutMs: 200 });
    const error = await authpipe.getCredential(request).catch((e: unknown) => e);
    assert.ok(error instanceof AuthpipeError);
    assert.equal(error.code, 'network_error');
    assert.match(error.message, /no answer within 200 ms/);
  });

  const answers: Array<[string, number, string, string]> = [
    ['a success body that is not JSON', 200, '<html>proxy</html>', 'unexpected_response'],
    ['a success body without a credential', 200, '{"tokenType":"bearer"}', 'unexpected_response'],
    ['an unreadable expiresAt', 200, '{"credential":"t","expiresAt":"tomorrow"}', 'unexpected_response'],
    ['scopes that are not strings', 200, '{"credential":"t","scopes":[1]}', 'unexpected_response'],
    ['an error without an Authpipe body', 502, 'Bad Gateway', 'unexpected_response'],
    ['a 401 without an Authpipe body', 401, 'nope', 'unauthorized'],
    ['a redirect', 302, '', 'unexpected_response'],
    ['an unknown server code', 422, '{"error":{"code":"brand_new","message":"Something new"}}', 'brand_new'],
  ];
  for (const [what, status, body, code] of answers) {
    it(`reports ${what} as ${code}, without echoing the body`, async () => {
      answer = (response) => response.writeHead(status, { Location: 'http://elsewhere.example/' }).end(body);
      const authpipe = new Authpipe({ baseUrl: url, secretKey: 'sk_test' });
      const error = await authpipe.getCredential(request).catch((e: unknown) => e);
      assert.ok(error instanceof AuthpipeError, inspect(error));
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      if (body.length > 4 && !body.includes('brand_new')) {
        assert.ok(!error.message.includes(body), error.message);
      }
    });
  }

  it('removes the secret key from a server message that carries it', async () => {
    answer = (response) =>
      response.writeHead(500).end('{"error":{"code":"internal","message":"bad key sk_test_secret_value here"}}');
    const authpipe = new Authpipe({ baseUrl: url, secretKey: 'sk_test_secret_value' });
    const error = await authpipe.getCredential(request).catch((e: unknown) => e);
    assert.ok(error instanceof AuthpipeError);
    assert.equal(error.message, 'bad key *** here');
  });

  it('does not cache failures: the next read asks again', async () => {
    let calls = 0;
    answer = (response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(503).end('{"error":{"code":"provider_unavailable","message":"Harvest is down"}}');
      } else {
        response.writeHead(200).end('{"credential":"back","expiresAt":"2999-01-01T00:00:00Z"}');
      }
    };
    const authpipe = new Authpipe({ baseUrl: url, secretKey: 'sk_test' });
    await assert.rejects(authpipe.getCredential(request), ProviderUnavailable);
    assert.equal((await authpipe.getCredential(request)).credential, 'back');
  });
});

describe('arguments', () => {
  const good = { baseUrl: 'http://localhost:7420', secretKey: 'sk_test' };

  it('refuses bad options with a message that names the option and never the key', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ secretKey: 'sk' }, /baseUrl/],
      [{ ...good, baseUrl: 'ftp://x' }, /baseUrl/],
      [{ ...good, baseUrl: 'not a url' }, /baseUrl/],
      [{ ...good, baseUrl: 'http://user:pw@host' }, /user info/],
      [{ ...good, baseUrl: 'http://host/?q=1' }, /query/],
      [{ baseUrl: good.baseUrl }, /secretKey/],
      [{ ...good, secretKey: 'sk_with space_secret' }, /index 7/],
      [{ ...good, safetyMarginSeconds: 0 }, /safetyMarginSeconds/],
      [{ ...good, safetyMarginSeconds: 100_000 }, /safetyMarginSeconds/],
      [{ ...good, timeoutMs: Number.NaN }, /timeoutMs/],
      [{ ...good, fetch: 'no' }, /fetch/],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => new Authpipe(options as never), (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('space_secret'));
        return true;
      });
    }
  });

  it('keeps a path prefix and drops trailing slashes from baseUrl', async () => {
    const seen: string[] = [];
    const authpipe = new Authpipe({
      baseUrl: 'http://localhost:7420/authpipe//',
      secretKey: 'sk_test',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{"credential":"t"}', { status: 200 });
      },
    });
    await authpipe.getCredential({ provider: 'harvest', tenantId: 'org acme/1', userId: 'u&1', credentialFor: 'user' });
    assert.equal(
      seen[0],
      'http://localhost:7420/authpipe/v1/credentials?provider=harvest&tenantId=org%20acme%2F1&credentialFor=user' +
        '&userId=u%261&minValiditySeconds=600',
    );
  });

  it('rejects malformed requests without a network call', async () => {
    let calls = 0;
    const authpipe = new Authpipe({ ...good, fetch: async () => (calls++, new Response('{}')) });
    const bad: unknown[] = [
      null,
      { provider: '', tenantId: 't', credentialFor: 'installation' },
      { provider: 'harvest', tenantId: 't', credentialFor: 'user' },
      { provider: 'harvest', tenantId: 't', credentialFor: 'installation', userId: 'u' },
      { provider: 'harvest', tenantId: 't', credentialFor: 'admin' },
      { provider: 'harvest', tenantId: 7, credentialFor: 'installation' },
      { provider: 'harvest', tenantId: 'a\u0000b', credentialFor: 'installation' },
      { provider: 'harvest', tenantId: '   ', credentialFor: 'installation' },
    ];
    for (const request of bad) {
      await assert.rejects(authpipe.getCredential(request as never), TypeError);
    }
    assert.equal(calls, 0);
  });
});
