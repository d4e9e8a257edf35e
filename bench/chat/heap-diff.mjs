#!/usr/bin/env node
/**
 * What the heap holds per student: compares two V8 heap snapshots (from
 * `node bench/chat/run.mjs --heap-snapshots DIR`) by constructor / object kind, largest
 * growth first.
 *
 *   node bench/chat/heap-diff.mjs DIR/host-0.heapsnapshot DIR/host-1000.heapsnapshot [--per 1000] [--top 30]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { per: { type: 'string' }, top: { type: 'string', default: '30' } },
  allowPositionals: true,
});
if (positionals.length !== 2) {
  console.error('usage: node bench/chat/heap-diff.mjs BEFORE.heapsnapshot AFTER.heapsnapshot [--per N] [--top N]');
  process.exit(64);
}
const per = Number(values.per) || 1;
const top = Number(values.top) || 30;

/** Map "kind:name" → { count, size } (self sizes). */
function summarize(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const out = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = types[nodes[i + iType]];
    let name = type === 'object' || type === 'closure' || type === 'native' ? snap.strings[nodes[i + iName]] : '';
    if (name.length > 60) name = `${name.slice(0, 57)}...`;
    const key = name ? `${type}: ${name}` : `(${type})`;
    const e = out.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += nodes[i + iSize];
    out.set(key, e);
  }
  return out;
}

const a = summarize(positionals[0]);
const b = summarize(positionals[1]);
const rows = [];
let total = 0;
for (const [key, e] of b) {
  const was = a.get(key) ?? { count: 0, size: 0 };
  const dSize = e.size - was.size;
  total += dSize;
  rows.push({ key, dCount: e.count - was.count, dSize });
}
for (const [key, was] of a) if (!b.has(key)) rows.push({ key, dCount: -was.count, dSize: -was.size }), (total -= was.size);
rows.sort((x, y) => y.dSize - x.dSize);

console.log(`heap growth: ${(total / 1024 / 1024).toFixed(1)} MB` + (per > 1 ? `, ${(total / per / 1024).toFixed(1)} KB per student (÷ ${per})` : ''));
console.log(`${'bytes/student'.padStart(14)} ${'objs/student'.padStart(13)}  kind: constructor`);
for (const r of rows.slice(0, top)) {
  console.log(`${(r.dSize / per).toFixed(0).padStart(14)} ${(r.dCount / per).toFixed(1).padStart(13)}  ${r.key}`);
}
