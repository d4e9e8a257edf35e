/**
 * Watches the LAN for classes: browses `_teachplay._tcp` over mDNS and, independently, sends
 * UDP broadcast queries. Results from both are merged by the host's instance id into one
 * live list of NearbyClass; `onChange` fires whenever it changes.
 */
import dgram from 'node:dgram';
import { Bonjour, type Browser, type Service } from 'bonjour-service';
import {
  BroadcastAnswerSchema,
  DISCOVERY,
  HostAdvertTxtSchema,
  type BroadcastQuery,
  type HostAdvert,
  type NearbyClass,
} from '../../shared/schemas/discovery';
import { PROTOCOL_VERSION } from '../../shared/version';
import type { Logger } from '../log';
import { broadcastTargets } from './net';

export interface BrowseOptions {
  mdns?: boolean;
  broadcast?: boolean;
  broadcastPort?: number;
  /** Broadcast query period; a host silent for 3 periods is dropped. */
  broadcastIntervalMs?: number;
  onChange?(classes: NearbyClass[]): void;
  log: Logger;
}

export interface DiscoveryBrowser {
  list(): NearbyClass[];
  close(): void;
}

interface Sighting {
  advert: HostAdvert;
  addresses: string[];
  seenAt: number;
}

const urlOf = (address: string, port: number) => `http://${address}:${port}`;

export function startBrowsing(opts: BrowseOptions): DiscoveryBrowser {
  const log = opts.log.child({ module: 'discovery' });
  const viaMdns = new Map<string, Sighting>(); // by fqdn
  const viaBroadcast = new Map<string, Sighting>(); // by instance id
  const timers: NodeJS.Timeout[] = [];
  let last = '[]';

  function list(): NearbyClass[] {
    const byId = new Map<string, NearbyClass>();
    const add = (s: Sighting, via: 'mdns' | 'broadcast') => {
      const urls = s.addresses.map((a) => urlOf(a, s.advert.port));
      const cur = byId.get(s.advert.id);
      if (cur) {
        cur.urls = [...new Set([...cur.urls, ...urls])];
        if (!cur.via.includes(via)) cur.via.push(via);
        return;
      }
      if (urls.length === 0) return;
      byId.set(s.advert.id, {
        id: s.advert.id,
        name: s.advert.name,
        teacher: s.advert.teacher,
        protocolVersion: s.advert.v,
        urls,
        via: [via],
      });
    };
    for (const s of viaMdns.values()) add(s, 'mdns');
    for (const s of viaBroadcast.values()) add(s, 'broadcast');
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  function changed() {
    const now = list();
    const json = JSON.stringify(now);
    if (json === last) return;
    last = json;
    opts.onChange?.(now);
  }

  // --- mDNS ---
  let bonjour: Bonjour | undefined;
  let browser: Browser | undefined;
  if (opts.mdns !== false) {
    bonjour = new Bonjour({}, (err: unknown) => log.warn({ err }, 'mDNS error'));
    browser = bonjour.find({ type: DISCOVERY.serviceType });
    const fromService = (s: Service): Sighting | null => {
      const txt = HostAdvertTxtSchema.safeParse(s.txt ?? {});
      if (!txt.success || txt.data.port !== s.port) return null;
      // The packet's source address first: it is on the student's own segment, so it works
      // even when the host also lists addresses of networks the student cannot reach.
      const addrs = [s.referer?.address, ...(s.addresses ?? [])].filter((a): a is string => !!a && /^\d+\.\d+\.\d+\.\d+$/.test(a));
      return { advert: txt.data, addresses: [...new Set(addrs)], seenAt: Date.now() };
    };
    const up = (s: Service) => {
      const sighting = fromService(s);
      if (sighting) viaMdns.set(s.fqdn, sighting);
      else viaMdns.delete(s.fqdn);
      changed();
    };
    browser.on('up', up);
    browser.on('srv-update', up);
    browser.on('txt-update', up);
    browser.on('down', (s: Service) => {
      viaMdns.delete(s.fqdn);
      changed();
    });
    // Hosts announce themselves when they start, so re-querying can back off quickly; it
    // catches an announcement lost on a busy Wi-Fi.
    // The first query can go out before the socket has joined the group; ask again soon.
    let delay = 250;
    const requery = () => {
      browser?.update();
      browser?.expire();
      delay = Math.min(Math.max(delay * 2, 1_000), 30_000);
      timers.push(setTimeout(requery, delay));
    };
    timers.push(setTimeout(requery, delay));
  }

  // --- UDP broadcast ---
  let socket: dgram.Socket | undefined;
  if (opts.broadcast !== false) {
    const port = opts.broadcastPort ?? DISCOVERY.broadcastPort;
    const interval = opts.broadcastIntervalMs ?? 2_000;
    const query = Buffer.from(JSON.stringify({ t: DISCOVERY.queryTag, v: PROTOCOL_VERSION } satisfies BroadcastQuery));
    const s = dgram.createSocket({ type: 'udp4' });
    socket = s;
    s.on('error', (err) => log.warn({ err }, 'broadcast discovery error'));
    s.on('message', (msg, rinfo) => {
      if (msg.length > 2048) return;
      let json: unknown;
      try {
        json = JSON.parse(msg.toString('utf8'));
      } catch {
        return;
      }
      const parsed = BroadcastAnswerSchema.safeParse(json);
      if (!parsed.success) return;
      viaBroadcast.set(parsed.data.host.id, { advert: parsed.data.host, addresses: [rinfo.address], seenAt: Date.now() });
      changed();
    });
    const ask = () => {
      for (const target of broadcastTargets()) {
        s.send(query, port, target, (err) => {
          // ENETUNREACH for 255.255.255.255 without a default route is expected.
          if (err) log.debug({ err, target }, 'broadcast query not sent');
        });
      }
      const stale = Date.now() - interval * 3;
      let dropped = false;
      for (const [id, sighting] of viaBroadcast) if (sighting.seenAt < stale) dropped = viaBroadcast.delete(id);
      if (dropped) changed();
    };
    s.bind(0, () => {
      s.setBroadcast(true);
      ask();
      const t = setInterval(ask, interval);
      timers.push(t as unknown as NodeJS.Timeout);
    });
  }

  let closed = false;
  return {
    list,
    close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      browser?.stop();
      bonjour?.destroy();
      try {
        socket?.close();
      } catch {
        // already closed
      }
    },
  };
}
