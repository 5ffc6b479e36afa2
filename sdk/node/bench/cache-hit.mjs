// Cost of a getCredential cache hit in @authpipe/node. Run after `npm run build`:
//   node bench/cache-hit.mjs [batches]
// Prints the median and 99th percentile of 31+ batches of 200,000 hits each, both for the call alone (it returns
// the cached, already settled promise) and for `await authpipe.getCredential(...)`, and the heap growth per hit.
import { Authpipe } from '../dist/index.js';

const batches = Number(process.argv[2] ?? 31);
const perBatch = 200_000;
let fetches = 0;
const authpipe = new Authpipe({
  baseUrl: 'http://localhost:7420',
  secretKey: 'sk_bench',
  // Served locally: the benchmark measures the cache, and the only fetch is the first miss.
  fetch: async () => {
    fetches++;
    return new Response(JSON.stringify({ credential: 'token', expiresAt: '2999-01-01T00:00:00Z', status: 'active' }));
  },
});
const request = { provider: 'harvest', tenantId: 'org_acme', credentialFor: 'installation' };
await authpipe.getCredential(request);

function quantiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)], p99: sorted[Math.floor(sorted.length * 0.99)] };
}

async function measure(name, body) {
  for (let i = 0; i < 3; i++) await body(); // warm-up batches
  const nsPerHit = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    await body();
    nsPerHit.push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  const { p50, p99 } = quantiles(nsPerHit);
  console.log(`${name}: median ${p50.toFixed(1)} ns/hit, p99 of batches ${p99.toFixed(1)} ns/hit`);
}

let sink;
await measure('getCredential() call', async () => {
  for (let i = 0; i < perBatch; i++) sink = authpipe.getCredential(request);
});
await measure('await getCredential()', async () => {
  for (let i = 0; i < perBatch; i++) sink = await authpipe.getCredential(request);
});

global.gc?.();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 1_000_000; i++) sink = authpipe.getCredential(request);
const grown = process.memoryUsage().heapUsed - before;
console.log(`heap growth over 1,000,000 calls: ${grown} bytes (without --expose-gc, includes garbage from the run)`);
console.log(`network fetches: ${fetches}`);
if (fetches !== 1 || sink === undefined) process.exit(1);
