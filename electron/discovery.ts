/**
 * "Classes nearby" for the student app. Browsers cannot do mDNS or UDP, so the main process
 * browses and the renderer polls a snapshot over IPC (discovery:list). Browsing starts on the
 * first request and stops when nobody has asked for a while, so an app left on the class
 * screen does not keep querying the network.
 */
import type { DiscoverySnapshot } from '../shared/schemas/discovery';
import type { Logger } from '../server/log';
import type { BrowseOptions, DiscoveryBrowser } from '../server/discovery/browser';

export interface DiscoveryServiceOptions {
  startBrowsing(opts: BrowseOptions): DiscoveryBrowser;
  log: Logger;
  /** Stop browsing this long after the last request. */
  idleMs?: number;
}

export interface DiscoveryService {
  snapshot(): DiscoverySnapshot;
  close(): void;
}

export const DISCOVERY_IDLE_MS = 30_000;

export function createDiscoveryService(opts: DiscoveryServiceOptions): DiscoveryService {
  let browser: DiscoveryBrowser | null = null;
  let failed = false;
  let idle: NodeJS.Timeout | undefined;

  const stop = () => {
    clearTimeout(idle);
    browser?.close();
    browser = null;
  };

  return {
    snapshot() {
      if (!browser && !failed) {
        try {
          browser = opts.startBrowsing({ log: opts.log });
        } catch (err) {
          // e.g. no network stack permissions: the typed address still works.
          failed = true;
          opts.log.warn({ err }, 'discovery unavailable');
        }
      }
      clearTimeout(idle);
      idle = setTimeout(stop, opts.idleMs ?? DISCOVERY_IDLE_MS);
      idle.unref?.();
      return { available: !!browser, classes: browser?.list() ?? [] };
    },
    close: stop,
  };
}
