import os from 'node:os';

/** Non-internal IPv4 addresses of this machine: where students on the LAN can reach us. */
export function lanIPv4Addresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) out.push(a.address);
    }
  }
  return out;
}

/** Student URLs for a host bound to `bindHost`:`port`. */
export function studentUrls(bindHost: string, port: number): string[] {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const addrs = wildcard ? lanIPv4Addresses() : [bindHost];
  return addrs.map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}/`);
}
