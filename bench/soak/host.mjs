/**
 * Child process for the soak: the real compiled host on 127.0.0.1 (default limits), reporting
 * over IPC once a second: RSS, heap and the worst event-loop delay since the last report.
 * argv: [dataDir]
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const dist = path.resolve(import.meta.dirname, '../../dist/node');
let createHost, silentLogger;
try {
  ({ createHost } = require(path.join(dist, 'server/host.js')));
  ({ silentLogger } = require(path.join(dist, 'server/log.js')));
} catch (err) {
  console.error('Could not load the compiled host from dist/node. Run "npm run build:node" first (npm run bench:soak does).');
  console.error(String(err));
  process.exit(1);
}

const host = await createHost({ host: '127.0.0.1', port: 0, strictPort: true, dataDir: process.argv[2], logger: silentLogger() });
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
process.send({ type: 'ready', url: host.url, code: host.code });
const timer = setInterval(() => {
  const m = process.memoryUsage();
  process.send({ type: 'stats', rss: m.rss, heapUsed: m.heapUsed, lagMaxMs: lag.max / 1e6, lagP99Ms: lag.percentile(99) / 1e6 });
  lag.reset();
}, 1000);
process.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  clearInterval(timer);
  await host.close();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
