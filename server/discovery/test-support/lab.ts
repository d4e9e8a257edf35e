/**
 * A private test LAN. Runs as `unshare -rn node --import tsx lab.ts`: its own network namespace
 * holds a bridge (the "switch"); each machine is an agent.ts child in a further namespace of its
 * own (`unshare -n`), wired to the bridge by a veth pair, with a 10.200.0.x address. Nothing here
 * can touch the real machine's interfaces.
 *
 * Same line protocol as agent.ts, plus: `{ id, op: 'spawn', name, ip }` starts a machine, and
 * `{ id, to: name, op, ... }` forwards a request to that machine and relays its reply.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const AGENT = path.join(__dirname, 'agent.ts');
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

interface Machine {
  child: ChildProcess;
  pending: Map<number, (reply: object) => void>;
}
const machines = new Map<string, Machine>();
let nextInner = 1;

function reply(msg: object) {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

function ask(m: Machine, req: object): Promise<{ ok: boolean; data?: unknown; error?: string }> {
  const id = nextInner++;
  return new Promise((resolve) => {
    m.pending.set(id, resolve as (r: object) => void);
    m.child.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
  });
}

async function spawnMachine(name: string, address: string): Promise<unknown> {
  if (!/^[a-z0-9]{1,8}$/.test(name)) throw new Error(`bad machine name ${name}`);
  const child = spawn('unshare', ['-n', process.execPath, '--import', 'tsx', AGENT], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const m: Machine = { child, pending: new Map() };
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`machine ${name} exited (${code}) before it was ready`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { id?: number; ready?: boolean };
      if (msg.ready) return resolve();
      const done = msg.id !== undefined ? m.pending.get(msg.id) : undefined;
      if (done) {
        m.pending.delete(msg.id!);
        done(msg);
      }
    });
  });
  await ready; // node is running, so `unshare -n` has happened: the pid names the new namespace
  machines.set(name, m);
  const outer = `v${name}`;
  const inner = `e${name}`;
  ip('link', 'add', 'name', outer, 'type', 'veth', 'peer', 'name', inner);
  ip('link', 'set', inner, 'netns', String(child.pid));
  ip('link', 'set', outer, 'master', 'br0');
  ip('link', 'set', outer, 'up');
  const res = await ask(m, { op: 'net', ifname: inner, ip: address });
  if (!res.ok) throw new Error(res.error);
  return { pid: child.pid };
}

ip('link', 'set', 'lo', 'up');
ip('link', 'add', 'name', 'br0', 'type', 'bridge');
// No IGMP snooping: a real classroom switch floods link-local multicast (224.0.0.x), and so must ours.
ip('link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
ip('link', 'set', 'br0', 'up');

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as { id: number; op: string; to?: string; name?: string; ip?: string };
  const run = async () => {
    if (req.op === 'spawn') return { ok: true, data: await spawnMachine(req.name!, req.ip!) };
    const m = machines.get(req.to ?? '');
    if (!m) throw new Error(`no machine ${req.to}`);
    const { id: _id, to: _to, ...rest } = req;
    return ask(m, rest);
  };
  run().then(
    (res) => reply({ ...res, id: req.id }),
    (err: Error) => reply({ id: req.id, ok: false, error: String(err?.stack ?? err) }),
  );
});

process.stdin.on('end', () => {
  // Each machine closes its host (sending goodbyes) and exits when its stdin ends.
  const exits = [...machines.values()].map(
    (m) =>
      new Promise<void>((resolve) => {
        if (m.child.exitCode !== null) return resolve();
        const kill = setTimeout(() => m.child.kill('SIGKILL'), 5_000);
        m.child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        m.child.stdin!.end();
      }),
  );
  void Promise.all(exits).then(() => process.exit(0));
});

reply({ ready: true });
