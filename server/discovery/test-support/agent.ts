/**
 * One machine of the discovery test LAN. Runs in its own network namespace (started by lab.ts
 * with `unshare -n`), so everything it sends stays on the test's private veth segment.
 * Protocol: one JSON request per stdin line `{ id, op, ...args }`, one JSON reply per stdout
 * line `{ id, ok, data | error }`. The first line out is `{ ready: true }`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { joinByCode } from '../../../shared/client/joinByCode';
import { createHost, type Host } from '../../host';
import { createLogger } from '../../log';
import { startBrowsing, type DiscoveryBrowser } from '../browser';

// TP_LAB_LOG=debug shows the hosts' and browsers' logs on stderr when a test needs debugging.
const log = createLogger((process.env.TP_LAB_LOG ?? 'silent') as 'warn');
let host: Host | null = null;
let browser: DiscoveryBrowser | null = null;
const dataDirs: string[] = [];

type Req = { id: number; op: string; [k: string]: unknown };

const ops: Record<string, (req: Req) => Promise<unknown> | unknown> = {
  net(req) {
    const ip = (args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    ip(['link', 'set', 'lo', 'up']);
    ip(['addr', 'add', `${String(req.ip)}/24`, 'dev', String(req.ifname)]);
    ip(['link', 'set', String(req.ifname), 'up']);
    // Like any DHCP client on a LAN. multicast-dns sends via the routing table (IP_MULTICAST_IF
    // 0.0.0.0 on Linux), so without some route 224.0.0.251 is unreachable.
    ip(['route', 'add', 'default', 'dev', String(req.ifname)]);
    return os.networkInterfaces();
  },
  async startHost(req) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-disc-'));
    dataDirs.push(dataDir);
    host = await createHost({
      dataDir,
      host: '0.0.0.0',
      port: (req.port as number | undefined) ?? 4321,
      className: req.className as string,
      teacherName: req.teacherName as string,
      discovery: req.discovery as { mdns?: boolean; broadcast?: boolean },
      logger: log,
    });
    return { port: host.port, code: host.code };
  },
  async stopHost() {
    await host?.close();
    host = null;
    return null;
  },
  browse(req) {
    browser?.close();
    browser = startBrowsing({ ...(req.discovery as object), log });
    return null;
  },
  list() {
    return browser?.list() ?? [];
  },
  async join(req) {
    const res = await joinByCode(browser?.list() ?? [], { code: String(req.code), name: String(req.name) });
    return res.ok ? { ok: true, hostUrl: res.data.hostUrl, room: res.data.session.room.code } : res;
  },
  sh(req) {
    return execFileSync('sh', ['-c', String(req.cmd)], { encoding: 'utf8', stdio: 'pipe' });
  },
  /** A port held open so the host must fall back to another one. */
  async occupy(req) {
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(req.port as number, '0.0.0.0', resolve));
    return null;
  },
};

function reply(msg: object) {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as Req;
  Promise.resolve()
    .then(() => ops[req.op]!(req))
    .then(
      (data) => reply({ id: req.id, ok: true, data }),
      (err: Error) => reply({ id: req.id, ok: false, error: String(err?.stack ?? err) }),
    );
});

process.stdin.on('end', () => {
  browser?.close();
  void Promise.resolve(host?.close()).finally(() => {
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
    process.exit(0);
  });
});

reply({ ready: true });
