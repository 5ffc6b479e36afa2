// Shared by the tests of the JavaScript packages: the real Authpipe server (authpipe.jar serve) in a child process,
// and a small fake OAuth provider for it to refresh against. Tests drive both through HTTP only, as a user's backend
// would. Compiled to sdk/<package>/build/test-support/, four levels below the repository root.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const JAR =
  process.env['AUTHPIPE_JAR'] ??
  fileURLToPath(new URL('../../../../authpipe-server/target/authpipe.jar', import.meta.url));

export interface Broker {
  readonly baseUrl: string;
  readonly adminKey: string;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the broker on a fresh SQLite file and resolves once /readyz answers 200 (60 s deadline). `args` follow
 * `serve` (e.g. `--sandbox`); `env` adds variables to the fresh AUTHPIPE_* set.
 */
export async function startBroker(options: { args?: string[]; env?: Record<string, string> } = {}): Promise<Broker> {
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it first with ./mvnw -q -Dmaven.test.skip=true package`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'authpipe-node-'));
  const port = await freePort();
  const adminKey = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AUTHPIPE_')) {
      env[name] = value;
    }
  }
  Object.assign(env, {
    AUTHPIPE_PORT: String(port),
    AUTHPIPE_MASTER_KEY: randomBytes(32).toString('base64'),
    AUTHPIPE_ADMIN_KEY: adminKey,
    AUTHPIPE_DATABASE_URL: `jdbc:sqlite:${join(dir, 'authpipe.db')}`,
    AUTHPIPE_BASE_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  });
  const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
  const child: ChildProcess = spawn(java, ['-jar', JAR, 'serve', ...(options.args ?? [])], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // However this test process ends (a failed hook, an uncaught error, a closed pipe), the broker ends with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the broker exited: ${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the broker did not become ready within 60 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    baseUrl,
    adminKey,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One JSON call to the broker; resolves to the status and parsed body. */
export async function call(
  broker: Broker,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${broker.baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

export async function createProject(broker: Broker, name: string, allowedOrigins: string[] = []): Promise<string> {
  const { status, json } = await call(broker, 'POST', '/v1/admin/projects', broker.adminKey, { name, allowedOrigins });
  if (status !== 201) {
    throw new Error(`creating a project answered ${status}: ${JSON.stringify(json)}`);
  }
  return json.secretKey as string;
}

export type TokenAnswer = 'tokens' | 'invalid_grant' | 'unavailable';

/**
 * A generic OAuth 2.0 token endpoint (RFC 6749 §5): answers refresh_token grants with new tokens, with
 * `invalid_grant` (§5.2) or with 503, as the test sets it; counts the grants it received.
 */
export class FakeProvider {
  answer: TokenAnswer = 'tokens';
  refreshes = 0;
  readonly #server: Server;
  #port = 0;

  constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      if (request.url !== '/token' || form.get('grant_type') !== 'refresh_token') {
        response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"unsupported_grant_type"}');
        return;
      }
      this.refreshes++;
      if (this.answer === 'unavailable') {
        response.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
        return;
      }
      if (this.answer === 'invalid_grant') {
        response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(
        JSON.stringify({
          access_token: `refreshed-${this.refreshes}-${randomBytes(6).toString('hex')}`,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: `rt-${randomBytes(6).toString('hex')}`,
        }),
      );
    });
  }
}

/** Polls `condition` every 10 ms until it holds, failing after `timeoutMs`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
