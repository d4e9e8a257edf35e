#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node bench/chat/run.mjs --profile-host DIR`): self time
 * by module (package, our compiled source, node internals) and the top functions.
 *
 *   node bench/chat/profile-summary.mjs DIR/CPU.*.cpuprofile [--top 25] [--last SECONDS]
 *
 * --last S keeps only the samples of the profile's last S seconds (the chat windows come
 * last in a chat-phase profile; the joins come first).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' }, last: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('usage: node bench/chat/profile-summary.mjs FILE.cpuprofile [--top N] [--last SECONDS]');
  process.exit(64);
}
const top = Number(values.top) || 25;
const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));

// Self time per node: the sampled time deltas attributed to each sample's node.
const from = values.last ? profile.endTime - Number(values.last) * 1e6 : -Infinity;
const selfUs = new Map();
let ts = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  ts += profile.timeDeltas[i] ?? 0;
  if (ts < from) continue;
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function moduleOf(url) {
  if (!url) return '(native / VM)';
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*/, 'node:internal/$1');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/node/');
  if (dist >= 0) return url.slice(dist + 1).replace(/^dist\/node\//, 'app: ');
  return url.replace(/^file:\/\//, '');
}

const byModule = new Map();
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const mod = functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)' ? functionName : moduleOf(url);
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  const fn = `${functionName || '(anonymous)'}  ${moduleOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const busy = total - (byModule.get('(idle)') ?? 0);
const print = (title, map) => {
  console.log(`\n${title} (share of non-idle time, ${(busy / 1000).toFixed(0)} ms)`);
  for (const [k, us] of [...map].filter(([k]) => k !== '(idle)' && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((us / busy) * 100).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  }
};
print('By module', byModule);
print('By function (self time)', byFunction);
