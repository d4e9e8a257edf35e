/**
 * Discovery across real network stacks: a private test LAN (see test-support/lab.ts) with hosts
 * and students each in their own network namespace, joined by veth pairs to one bridge, on
 * 10.200.0.x. Nothing is sent on this machine's real interfaces.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NearbyClass } from '../../shared/schemas/discovery';
import { PROTOCOL_VERSION } from '../../shared/version';
import { labUnavailable, startLab, waitFor, type Lab } from './test-support/labClient';

const unavailable = labUnavailable();
if (unavailable) console.warn(`discovery tests skipped: ${unavailable}`);

type Discovery = { mdns?: boolean; broadcast?: boolean; broadcastIntervalMs?: number };
type Started = { port: number; code: string };
type Joined = { ok: true; hostUrl: string; room: string } | { ok: false; error: { code: string; message: string } };

const H1 = '10.200.0.1';
const H2 = '10.200.0.2';

describe.skipIf(!!unavailable)('discovery on a private test LAN', () => {
  let lab: Lab;
  const running = new Set<string>();

  beforeAll(async () => {
    lab = await startLab();
    await Promise.all([lab.spawn('h1', H1), lab.spawn('h2', H2), lab.spawn('s1', '10.200.0.11'), lab.spawn('s2', '10.200.0.12')]);
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 30_000);
  afterEach(async () => {
    for (const m of running) await lab.call(m, 'stopHost');
    running.clear();
  });

  async function host(machine: string, className: string, discovery: Discovery, port?: number): Promise<Started> {
    running.add(machine);
    return lab.call<Started>(machine, 'startHost', { className, teacherName: `Teacher of ${className}`, discovery, port });
  }
  const list = (student: string) => lab.call<NearbyClass[]>(student, 'list');
  const join = (student: string, code: string, name: string) => lab.call<Joined>(student, 'join', { code, name });
  const sees = (student: string, n: number, what: string, ms = 3_000) =>
    waitFor(async () => {
      const l = await list(student);
      return l.length === n ? l : undefined;
    }, ms, `${student} to list ${n} class(es) (${what})`);

  it('mDNS: two students find the host within 3 s, join by code, and see it withdrawn on stop', async () => {
    await Promise.all(['s1', 's2'].map((s) => lab.call(s, 'browse', { discovery: { broadcast: false } })));
    const h = await host('h1', 'Biology 101', { broadcast: false });
    const [a, b] = await Promise.all([sees('s1', 1, 'h1 up'), sees('s2', 1, 'h1 up')]);
    expect(a.ms).toBeLessThan(3_000);
    expect(b.ms).toBeLessThan(3_000);
    expect(a.value[0]).toMatchObject({
      name: 'Biology 101',
      teacher: 'Teacher of Biology 101',
      protocolVersion: PROTOCOL_VERSION,
      urls: [`http://${H1}:${h.port}`],
      via: ['mdns'],
    });
    // The advert carries no room code (students must read it off the teacher's screen).
    expect(JSON.stringify(a.value)).not.toContain(h.code);

    await expect(join('s1', h.code, 'Ana')).resolves.toEqual({ ok: true, hostUrl: `http://${H1}:${h.port}`, room: h.code });
    const wrong = h.code.startsWith('A') ? `B${h.code.slice(1)}` : `A${h.code.slice(1)}`;
    await expect(join('s2', wrong, 'Ben')).resolves.toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });

    await lab.call('h1', 'stopHost');
    running.delete('h1');
    const [ga, gb] = await Promise.all([sees('s1', 0, 'goodbye'), sees('s2', 0, 'goodbye')]);
    expect(Math.max(ga.ms, gb.ms)).toBeLessThan(3_000);
  });

  it('the raw DNS-SD answer holds only name, teacher, version, port and instance id', async () => {
    const h = await host('h1', 'Chemistry', { broadcast: false });
    const raw = await lab.call<string>('s1', 'sh', {
      cmd: `node -e "const m=require('multicast-dns')();m.on('response',(r)=>{const t=r.answers.concat(r.additionals).filter(a=>a.type==='TXT'&&a.name.includes('_teachplay'));if(t.length){console.log(JSON.stringify(t[0].data.map(b=>b.toString())));process.exit(0)}});m.query('_teachplay._tcp.local','PTR');setTimeout(()=>process.exit(1),2500)"`,
    });
    const entries = (JSON.parse(raw) as string[]).map((e) => e.split('=')[0]).sort();
    expect(entries).toEqual(['id', 'name', 'port', 'teacher', 'v']);
    expect(raw).toContain(`port=${h.port}`);
    expect(raw).toContain(`v=${PROTOCOL_VERSION}`);
    expect(raw).not.toContain(h.code);
  });

  it('UDP broadcast fallback (mDNS off): found within 3 s, join by code, dropped after stop', async () => {
    await Promise.all(['s1', 's2'].map((s) => lab.call(s, 'browse', { discovery: { mdns: false, broadcastIntervalMs: 500 } })));
    const h = await host('h1', 'Physics', { mdns: false });
    const [a, b] = await Promise.all([sees('s1', 1, 'broadcast answer'), sees('s2', 1, 'broadcast answer')]);
    expect(Math.max(a.ms, b.ms)).toBeLessThan(3_000);
    expect(a.value[0]).toMatchObject({ name: 'Physics', urls: [`http://${H1}:${h.port}`], via: ['broadcast'] });
    expect(JSON.stringify(a.value)).not.toContain(h.code);
    await expect(join('s2', h.code, 'Cy')).resolves.toMatchObject({ ok: true, room: h.code });

    await lab.call('h1', 'stopHost');
    running.delete('h1');
    // No goodbye over broadcast: a host that stops answering is dropped after 3 silent periods.
    await Promise.all([sees('s1', 0, 'silence'), sees('s2', 0, 'silence')]);
  });

  it('two classes on one network: each code reaches its own host (and a taken port is advertised as the new one)', async () => {
    await lab.call('s1', 'browse', { discovery: {} });
    await lab.call('h2', 'occupy', { port: 4321 });
    const [one, two] = await Promise.all([host('h1', 'Maths', {}), host('h2', 'History', {})]);
    expect(one.port).toBe(4321);
    expect(two.port).not.toBe(4321); // fell back to a free port…
    const { value } = await sees('s1', 2, 'both hosts');
    const history = value.find((c) => c.name === 'History')!;
    expect(history.urls[0]).toBe(`http://${H2}:${two.port}`); // …and advertised that one
    // Both paths find it (broadcast on its next 2 s query round).
    await waitFor(async () => {
      const c = (await list('s1')).find((x) => x.name === 'History');
      return c?.via.length === 2 ? c : undefined;
    }, 3_000, 'History via mDNS and broadcast');

    await expect(join('s1', two.code, 'Dee')).resolves.toEqual({ ok: true, hostUrl: `http://${H2}:${two.port}`, room: two.code });
    await expect(join('s1', one.code, 'Eve')).resolves.toEqual({ ok: true, hostUrl: `http://${H1}:${one.port}`, room: one.code });
  });
});
