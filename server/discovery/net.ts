/** Interface helpers shared by the advertiser and the browser. */
import os from 'node:os';

/** Non-internal IPv4 interfaces with their directed broadcast address (10.0.0.7/24 → 10.0.0.255). */
export function ipv4Interfaces(): { address: string; broadcast: string }[] {
  const out: { address: string; broadcast: string }[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const ip = a.address.split('.').map(Number);
      const mask = a.netmask.split('.').map(Number);
      out.push({ address: a.address, broadcast: ip.map((b, i) => (b | (~mask[i]! & 255)) & 255).join('.') });
    }
  }
  return out;
}

/**
 * Where broadcast queries go: each interface's directed broadcast (routable without a default
 * route, which a classroom Wi-Fi without internet may lack) plus the limited broadcast.
 */
export function broadcastTargets(): string[] {
  return [...new Set([...ipv4Interfaces().map((i) => i.broadcast), '255.255.255.255'])];
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
