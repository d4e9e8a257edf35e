#!/usr/bin/env node
/**
 * Runs the Playwright e2e suite inside a private network namespace (only loopback exists),
 * so no test traffic can reach any other address. Falls back to running directly, with a
 * printed reason, where unprivileged namespaces are not available (test hosts bind
 * 127.0.0.1 either way).
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
const inner = `ip link set lo up && npx playwright test ${args}`;

const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
let result;
if (probe.status === 0) {
  console.log('e2e: running in a private network namespace (loopback only)');
  result = spawnSync('unshare', ['-rn', 'sh', '-c', inner], { stdio: 'inherit' });
} else {
  console.log('e2e: private network namespaces are unavailable here (unshare -rn failed); running on the host network, bound to 127.0.0.1');
  result = spawnSync('sh', ['-c', `npx playwright test ${args}`], { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
