#!/usr/bin/env node
/**
 * Headless host: `npm run host -- --port 4321 --data-dir DIR`.
 * Prints the room code, one student URL per LAN address and the teacher console URL.
 * Ctrl-C (SIGINT) or SIGTERM closes sockets and the database, then exits.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatRoomCode } from '../shared';
import { createHost, type Host } from './host';
import { createLogger } from './log';
import { restoreInto } from './store/backup';

const USAGE = `Usage: npm run host -- [--port 4321] [--host 0.0.0.0] [--data-dir DIR] [--name "Class name"] [--json]

  --port      port to listen on (default 4321; 0 picks a free one)
  --host      interface to bind (default 0.0.0.0: every network)
  --data-dir  where the classroom database lives (default ~/.teaching-playground)
  --name      name of the class students see
  --no-discovery  do not advertise the class on the network (students then type the address)
  --json      print one JSON line with the URLs instead of the banner (for scripts)
  --restore FILE  restore a backup (from the teacher console's "Back up") into --data-dir,
              which must not hold a classroom yet, then host from it
  --log-level pino level: fatal, error, warn, info, debug (default warn)`;

export function defaultDataDir(): string {
  return path.join(os.homedir(), '.teaching-playground');
}

export function banner(host: Host): string {
  const lines = [
    '',
    '  Teaching Playground is hosting a class.',
    '',
    `  Room code:  ${host.code ? formatRoomCode(host.code) : '(none)'}`,
    '',
    '  Students open one of these in a browser, then type the code:',
    ...(host.studentUrls.length ? host.studentUrls : [`${host.url}/  (this computer only: no network found)`]).map(
      (u) => `    ${u}`,
    ),
    '',
    '  Teacher console (keep this link to yourself):',
    `    ${host.teacherUrl}`,
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/** A port from the command line: digits only (Number() would take '' as 0, '0x10' as 16). */
export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port <= 65535 ? port : undefined;
}

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4321' },
        host: { type: 'string', default: '0.0.0.0' },
        'data-dir': { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-discovery': { type: 'boolean', default: false },
        restore: { type: 'string' },
        'log-level': { type: 'string', default: 'warn' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(args.port);
  if (port === undefined) {
    console.error(`--port must be a number from 0 to 65535.\n\n${USAGE}`);
    process.exit(2);
  }
  const log = createLogger(args['log-level'] as 'warn');

  // Signal handlers go in before anything is printed: a script that reads the JSON line and
  // stops us at once must get a clean shutdown (database closed), not the default kill.
  let host: Host | undefined;
  let stopping = false;
  const shutdown = (h: Host) =>
    h.close().then(
      () => {
        if (!args.json) console.log('  Host stopped. The chat is saved.');
        process.exit(0);
      },
      (err) => {
        console.error('Error while stopping:', err);
        process.exit(1);
      },
    );
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    if (host) void shutdown(host); // else: still starting; closed as soon as it is up
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const dataDir = path.resolve(args['data-dir'] ?? defaultDataDir());
  if (args.restore) {
    const { integrity } = restoreInto(path.resolve(args.restore), dataDir);
    console.error(`  Restored ${args.restore} into ${dataDir} (integrity check: ${integrity}).`);
  }
  host = await createHost({
    port,
    host: args.host,
    dataDir,
    className: args.name,
    logger: log,
    // Students' apps find the class by its code; skipped anyway on a loopback-only --host.
    discovery: !args['no-discovery'],
  });
  if (stopping) return void shutdown(host);
  if (args.json) {
    console.log(
      JSON.stringify({
        url: host.url,
        port: host.port,
        code: host.code,
        teacherUrl: host.teacherUrl,
        studentUrls: host.studentUrls,
      }),
    );
  } else {
    console.log(banner(host));
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') console.error(`That port is already in use. Try --port 0 for a free one.`);
    else console.error('The host could not start:', err.message);
    process.exit(1);
  });
}
