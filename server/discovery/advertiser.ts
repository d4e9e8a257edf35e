/**
 * Makes a running host findable on the LAN, two independent ways:
 * - DNS-SD over mDNS (`_teachplay._tcp`), via bonjour-service;
 * - a UDP broadcast responder on DISCOVERY.broadcastPort, for networks that drop multicast.
 * Both say only what HostAdvertSchema allows (never the room code). close() withdraws the
 * mDNS record with goodbye packets so students' lists drop the class at once.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { Bonjour } from 'bonjour-service';
import { BroadcastQuerySchema, DISCOVERY, HostAdvertSchema, type BroadcastAnswer, type HostAdvert } from '../../shared/schemas/discovery';
import type { Logger } from '../log';

export interface AdvertiseOptions {
  className: string;
  teacherName: string;
  port: number;
  protocolVersion: number;
  /** DNS-SD over mDNS (default true). */
  mdns?: boolean;
  /** UDP broadcast answers (default true). */
  broadcast?: boolean;
  /** Override the broadcast port (tests only). */
  broadcastPort?: number;
  log: Logger;
}

export interface Advertiser {
  readonly advert: HostAdvert;
  close(): Promise<void>;
}

/** DNS labels cannot hold dots (bonjour-service splits the instance name on them). */
const label = (s: string) => s.replace(/[.\u0000-\u001f]/g, ' ').trim().slice(0, 40) || 'Class';

export function newInstanceId(): string {
  return randomBytes(6).toString('hex');
}

export async function startAdvertising(opts: AdvertiseOptions): Promise<Advertiser> {
  const log = opts.log.child({ module: 'discovery' });
  const advert = HostAdvertSchema.parse({
    id: newInstanceId(),
    name: opts.className.slice(0, 100) || 'Class',
    teacher: opts.teacherName.slice(0, 100) || 'Teacher',
    v: opts.protocolVersion,
    port: opts.port,
  });

  let bonjour: Bonjour | undefined;
  if (opts.mdns !== false) {
    bonjour = new Bonjour({}, (err: unknown) => log.warn({ err }, 'mDNS error'));
    const service = bonjour.publish({
      // Unique instance and host names: several hosts may share one machine name (or a lab
      // image), and a clash would make one of them rename itself or vanish.
      name: `${label(advert.name)} ${advert.id}`,
      host: `teachplay-${advert.id}.local`,
      type: DISCOVERY.serviceType,
      port: advert.port,
      txt: { id: advert.id, name: advert.name, teacher: advert.teacher, v: String(advert.v), port: String(advert.port) },
      disableIPv6: true,
    });
    service.on('error', (err: unknown) => log.warn({ err }, 'mDNS publish failed'));
  }

  let socket: dgram.Socket | undefined;
  if (opts.broadcast !== false) socket = await bindResponder(advert, opts.broadcastPort ?? DISCOVERY.broadcastPort, log);

  log.info({ id: advert.id, port: advert.port, mdns: !!bonjour, broadcast: !!socket }, 'advertising the class');
  let closing: Promise<void> | undefined;
  return {
    advert,
    close() {
      closing ??= (async () => {
        socket?.close();
        if (bonjour) {
          const b = bonjour;
          // unpublishAll sends the goodbye packets (TTL 0) and calls back once they are out.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1_000);
            b.unpublishAll(() => {
              clearTimeout(timer);
              resolve();
            });
          });
          await new Promise<void>((resolve) => b.destroy(() => resolve()));
        }
        log.info({ id: advert.id }, 'advertisement withdrawn');
      })();
      return closing;
    },
  };
}

const MAX_ANSWERS_PER_SECOND = 50;

/** Answers each valid broadcast query, by unicast to the asker, with the advert. */
async function bindResponder(advert: HostAdvert, port: number, log: Logger): Promise<dgram.Socket | undefined> {
  // reuseAddr: two hosts on one machine (or a host and a dev copy) can both answer.
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const answer = Buffer.from(JSON.stringify({ t: DISCOVERY.answerTag, host: advert } satisfies BroadcastAnswer));
  // A cap on answers per second: a spoofed flood of queries must not turn us into a reflector.
  let windowStart = 0;
  let answered = 0;
  socket.on('message', (msg, rinfo) => {
    if (msg.length > 512) return;
    const now = Date.now();
    if (now - windowStart >= 1_000) [windowStart, answered] = [now, 0];
    if (++answered > MAX_ANSWERS_PER_SECOND) return;
    let json: unknown;
    try {
      json = JSON.parse(msg.toString('utf8'));
    } catch {
      return;
    }
    if (!BroadcastQuerySchema.safeParse(json).success) return;
    socket.send(answer, rinfo.port, rinfo.address, (err) => {
      if (err) log.debug({ err }, 'broadcast answer failed');
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // Not fatal: mDNS and the typed address still work.
    log.warn({ err, port }, 'broadcast discovery unavailable');
    socket.close();
    return undefined;
  }
  socket.on('error', (err) => log.warn({ err }, 'broadcast responder error'));
  return socket;
}
