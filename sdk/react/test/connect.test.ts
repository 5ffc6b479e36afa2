// The connect buttons in Debian's Chromium, against the real broker and its Harvest sandbox: a page of a test app
// (its own origin, its own backend route that mints connect sessions) installs Harvest and authorizes a user in
// popups, as a team's frontend would.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Broker, call, createProject, freePort, startBroker } from '../../test-support/broker.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

let broker: Broker;
let sandboxUrl: string;
let secretKey: string;
let app: Server;
let appOrigin: string;
let browser: Browser;
let page: Page;
/** Who is signed in to the test app; its backend mints sessions for them. */
let signedIn: { tenantId: string; userId: string };
let tenantCounter = 0;

before(async () => {
  const sandboxPort = await freePort();
  sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  broker = await startBroker({ args: ['--dev', '--sandbox'], env: { AUTHPIPE_SANDBOX_PORT: String(sandboxPort) } });

  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../../test/app/app.tsx', import.meta.url))],
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;

  app = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', appOrigin);
    if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html><body><div id="root"></div><pre id="result"></pre>' +
        '<script type="module" src="/app.js"></script></body></html>');
    } else if (url.pathname === '/app.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (url.pathname === '/api/authpipe/session') {
      // The app's backend: it alone holds the secret key, and it decides the tenant and user.
      const credentialFor = url.searchParams.get('credentialFor');
      const session = await call(broker, 'POST', '/v1/connect/sessions', secretKey, {
        provider: url.searchParams.get('provider'),
        tenantId: signedIn.tenantId,
        credentialFor,
        ...(credentialFor === 'user' ? { userId: signedIn.userId } : {}),
        origin: appOrigin,
      });
      response.writeHead(session.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(session.json));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

  secretKey = await createProject(broker, 'react tests', [appOrigin]);
  const integration = await call(broker, 'PUT', '/v1/integrations/harvest', secretKey, {
    clientId: 'authpipe-sandbox',
    clientSecret: 'sandbox-secret',
    settings: { userAgent: 'Authpipe React Tests (ops@authpipe.example)' },
    endpointOverrides: {
      authorize: `${sandboxUrl}/oauth2/authorize`,
      token: `${sandboxUrl}/api/v2/oauth2/token`,
      accounts: `${sandboxUrl}/api/v2/accounts`,
      healthCheck: `${sandboxUrl}/v2/users/me`,
    },
  });
  assert.equal(integration.status, 201, JSON.stringify(integration.json));

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  await browser?.close();
  app?.closeAllConnections();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  await broker?.stop();
});

beforeEach(async () => {
  signedIn = { tenantId: `org_react_${++tenantCounter}`, userId: `user_${tenantCounter}` };
  await page?.context().close();
  page = await (await browser.newContext()).newPage();
  await page.goto(`${appOrigin}/?authpipe=${encodeURIComponent(broker.baseUrl)}`);
});

/** Clicks a connect button and returns the popup it opens, once the sandbox's consent page shows. */
async function openPopup(button: string): Promise<Page> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click(button)]);
  await popup.waitForSelector('button[value=allow]', { timeout: 20_000 }).catch(async (e) => {
    throw new Error(`no consent page: ${popup.url()} ${await popup.content()}`, { cause: e });
  });
  assert.ok(popup.url().startsWith(`${sandboxUrl}/oauth2/authorize`), popup.url());
  return popup;
}

async function result(): Promise<any> {
  const text = await page.waitForFunction(() => document.getElementById('result')?.textContent || null, undefined, {
    timeout: 20_000,
  });
  return JSON.parse((await text.jsonValue()) as string);
}

async function install(): Promise<void> {
  const popup = await openPopup('#install');
  await Promise.all([popup.waitForEvent('close'), popup.click('button[value=allow]')]);
  assert.equal((await result()).ok?.type, 'installed');
  await page.evaluate(() => (document.getElementById('result')!.textContent = ''));
}

describe('InstallButton and AuthorizeButton in Chromium', () => {
  it('installs Harvest in a popup and reports the installation, never a token', async () => {
    const popup = await openPopup('#install');
    assert.equal(await page.getAttribute('#install', 'data-status'), 'connecting');
    await Promise.all([popup.waitForEvent('close'), popup.click('button[value=allow]')]);

    const outcome = await result();
    assert.deepEqual(outcome, { ok: { type: 'installed', provider: 'harvest', tenantId: signedIn.tenantId } });
    assert.equal(await page.getAttribute('#install', 'data-status'), 'connected');
    const stored = await call(
      broker,
      'GET',
      `/v1/credentials?provider=harvest&tenantId=${signedIn.tenantId}&credentialFor=installation`,
      secretKey,
    );
    assert.equal(stored.status, 200);
    assert.ok(!(await page.content()).includes(stored.json.credential), 'the page never holds the token');
  });

  it('lets a user authorize inside the installation', async () => {
    await install();
    const popup = await openPopup('#authorize');
    const uma = await popup.$eval('select[name=person_id]', (select) =>
      [...(select as HTMLSelectElement).options].find((o) => o.text.startsWith('Uma'))!.value,
    );
    await popup.selectOption('select[name=person_id]', uma);
    await Promise.all([popup.waitForURL(/person_id=/), popup.click('text=Switch person')]);
    await Promise.all([popup.waitForEvent('close'), popup.click('button[value=allow]')]);

    assert.deepEqual(await result(), {
      ok: { type: 'authorized', provider: 'harvest', tenantId: signedIn.tenantId, userId: signedIn.userId },
    });
    const stored = await call(
      broker,
      'GET',
      `/v1/credentials?provider=harvest&tenantId=${signedIn.tenantId}&credentialFor=user&userId=${signedIn.userId}`,
      secretKey,
    );
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.json.metadata.accountIds, ['100001']);
  });

  it('reports a denied consent as access_denied and stores nothing', async () => {
    const popup = await openPopup('#install');
    await Promise.all([popup.waitForEvent('close'), popup.click('button[value=deny]')]);

    assert.deepEqual(await result(), { error: 'access_denied' });
    assert.equal(await page.getAttribute('#install', 'data-status'), 'failed');
    const stored = await call(broker, 'GET', `/v1/installations/harvest/${signedIn.tenantId}`, secretKey);
    assert.equal(stored.status, 404);
  });

  it('ignores outcomes posted from any other origin, and reports a popup the user closed', async () => {
    const popup = await openPopup('#install');
    // Messages to one window arrive in order: once 'sync' is heard, the forgery has been handled.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          window.addEventListener('message', (e) => e.data === 'sync' && resolve());
          window.postMessage({ source: 'authpipe', type: 'installed', provider: 'harvest', tenantId: 'forged' }, '*');
          window.postMessage('sync', '*');
        }),
    );
    assert.equal(await page.textContent('#result'), '');
    assert.equal(await page.getAttribute('#install', 'data-status'), 'connecting');

    await popup.close();
    assert.deepEqual(await result(), { error: 'popup_closed' });
  });

  it('reports a user authorization without an installation as session_failed, without a popup left open', async () => {
    const popups: Page[] = [];
    page.on('popup', (p) => popups.push(p));
    await page.click('#authorize');
    assert.deepEqual(await result(), { error: 'session_failed' });
    assert.ok(popups.every((p) => p.isClosed()));
  });
});
