/**
 * Owns the embedded classroom host: at most one runs, concurrent starts share one launch,
 * and stop waits for a start in progress.
 */
import type { HostStartRequest, RunningHost } from '../shared';
import type { Host, HostOptions } from '../server/host';
import type { Logger } from '../server/log';

export const DEFAULT_PORT = 4321;

export interface HostControllerOptions {
  createHost: (options: HostOptions) => Promise<Host>;
  /** Folder for the classroom database (userData/classroom). */
  dataDir: string;
  /** Interface to bind: '0.0.0.0' in the app (students on the LAN), '127.0.0.1' in tests. */
  bindHost: string;
  /** Port when the request names none. */
  defaultPort?: number;
  /** better_sqlite3.node built for Electron (development only). */
  nativeBinding?: string;
  logger: Logger;
  /** Advertise the class on the LAN (the app: yes; tests: no). */
  discovery?: boolean;
}

export interface HostController {
  start(req: HostStartRequest): Promise<RunningHost>;
  stop(): Promise<void>;
  status(): RunningHost | null;
  readonly running: boolean;
}

export function describeHost(host: Host): RunningHost {
  return { url: host.url, teacherToken: host.teacherToken, code: host.code, studentUrls: host.studentUrls };
}

export function createHostController(opts: HostControllerOptions): HostController {
  let host: Host | null = null;
  let starting: Promise<Host> | null = null;

  async function launch(req: HostStartRequest): Promise<Host> {
    const port = req.port ?? opts.defaultPort ?? DEFAULT_PORT;
    opts.logger.info({ port, bindHost: opts.bindHost, dataDir: opts.dataDir }, 'starting the classroom host');
    return opts.createHost({
      dataDir: opts.dataDir,
      port,
      host: opts.bindHost,
      nativeBinding: opts.nativeBinding,
      logger: opts.logger,
      discovery: opts.discovery ?? false,
    });
  }

  return {
    async start(req) {
      if (host) return describeHost(host);
      starting ??= launch(req).finally(() => (starting = null));
      host = await starting;
      return describeHost(host);
    },
    async stop() {
      if (starting) await starting.catch(() => undefined);
      const h = host;
      host = null;
      if (h) await h.close();
    },
    status: () => (host ? describeHost(host) : null),
    get running() {
      return host !== null || starting !== null;
    },
  };
}
