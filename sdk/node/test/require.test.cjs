// The CommonJS build, as a `require` user (e.g. a NestJS or plain CommonJS backend) loads it.
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { Authpipe, AuthpipeError, NotInstalled } = require('@authpipe/node');

function serving(status, body) {
  return async () => new Response(body, { status });
}

test('require() gives the same client, cache and typed errors', async () => {
  let calls = 0;
  const ok = serving(200, '{"credential":"cjs-token","expiresAt":"2999-01-01T00:00:00Z","status":"active"}');
  const authpipe = new Authpipe({
    baseUrl: 'http://localhost:7420',
    secretKey: 'sk_test',
    fetch: (...args) => (calls++, ok(...args)),
  });
  const request = { provider: 'harvest', tenantId: 'org_acme', credentialFor: 'installation' };
  const { credential } = await authpipe.getCredential(request);
  assert.equal(credential, 'cjs-token');
  await authpipe.getCredential(request);
  assert.equal(calls, 1);

  const missing = new Authpipe({
    baseUrl: 'http://localhost:7420',
    secretKey: 'sk_test',
    fetch: serving(404, '{"error":{"code":"not_installed","message":"Tenant org_x has no installation"}}'),
  });
  const error = await missing.getCredential(request).catch((e) => e);
  assert.ok(error instanceof NotInstalled);
  assert.ok(error instanceof AuthpipeError);
  assert.equal(error.code, 'not_installed');
});
