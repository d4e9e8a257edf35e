/**
 * Command-line options of bench/chat/run.mjs and the bench's fixed limits. Parsed once on
 * import; a bad option prints the usage and exits 64.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: node bench/chat/run.mjs [options]   (or: npm run bench:chat -- [options])
  --students N        students in the chat fan-out phases, one class (default 200; ≤ 500)
  --rate R            messages per second from the sender            (default 100)
  --seconds T         measured sending time                          (default 10)
  --repeat K          measured windows per server, alternating       (default 3)
  --warmup W          unmeasured sending per server first, seconds   (default 2)
  --rss-students M    students in the RSS-per-student phase; 0 skips (default 1000)
  --rss-room-size K   host RSS phase: students per class; 0 = all M in one class (default 50)
  --rss-repeat X      RSS phase runs per server (fresh server each); median reported (default 3)
  --text-bytes B      chat text length                               (default 100)
  --concurrency C     parallel joins/connects                        (default 50)
  --ws-send MODE      baseline re-sends the 'string' or the received 'buffer' (default string)
  --skip-ws           skip the plain-ws baseline phases
  --other-load-limit P  a window during which other processes used more than P% of a core
                      is set aside and redone                              (default 15)
  --max-redo X        at most X redone windows per run                     (default 2 × K)
  --profile-host DIR  write V8 CPU profiles of the host and ws children (chat phase) into DIR
  --heap-snapshots DIR  heap snapshots of each server without/with students (first RSS run);
                      compare them with bench/chat/heap-diff.mjs
  --quiet-wait S      before each window, wait for the machine to be quiet; at most S s
                      in total per run; 0 = never wait                      (default 300)
  --pin               pin the server child to CPU 0 and this process to CPU 1 (Linux, taskset)
  --timeline          print per-second latency of the measured run (slowest/fastest receiver)
  -h, --help`;

let args;
try {
  args = parseArgs({
    options: {
      students: { type: 'string', default: '200' },
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      repeat: { type: 'string', default: '3' },
      'rss-students': { type: 'string', default: '1000' },
      'rss-room-size': { type: 'string', default: '50' },
      'rss-repeat': { type: 'string', default: '3' },
      'max-redo': { type: 'string' },
      'text-bytes': { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '50' },
      'ws-send': { type: 'string', default: 'string' },
      'skip-ws': { type: 'boolean', default: false },
      'quiet-wait': { type: 'string', default: '300' },
      'profile-host': { type: 'string' },
      'heap-snapshots': { type: 'string' },
      'other-load-limit': { type: 'string', default: '15' },
      timeline: { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(String(err.message ?? err));
  console.error(USAGE);
  process.exit(64);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function intArg(name, min, max) {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer from ${min} to ${max} (got ${args[name]})`);
    process.exit(64);
  }
  return v;
}
export const N = intArg('students', 1, 20_000);
export const R = intArg('rate', 1, 5_000);
export const T = intArg('seconds', 1, 600);
export const W = intArg('warmup', 0, 60);
export const REPEAT = intArg('repeat', 1, 20);
export const QUIET_WAIT_S = intArg('quiet-wait', 0, 3600);
export const OTHER_LOAD_LIMIT = intArg('other-load-limit', 1, 200);
export const MAX_REDO = args['max-redo'] === undefined ? 2 * REPEAT : intArg('max-redo', 0, 100);
export const RSS_REPEAT = intArg('rss-repeat', 1, 10);
export const PROFILE_DIR = args['profile-host'] ? path.resolve(args['profile-host']) : undefined;
export const SNAPSHOT_DIR = args['heap-snapshots'] ? path.resolve(args['heap-snapshots']) : undefined;
export const RSS_N = intArg('rss-students', 0, 20_000);
export const RSS_ROOM = intArg('rss-room-size', 0, 20_000);
export const TEXT_BYTES = intArg('text-bytes', 40, 2000);
export const CONCURRENCY = intArg('concurrency', 1, 500);
export const WS_SEND = args['ws-send'] === 'buffer' ? 'buffer' : 'string';
if (!['string', 'buffer'].includes(args['ws-send'])) {
  console.error(`--ws-send must be 'string' or 'buffer'`);
  process.exit(64);
}
export const SKIP_WS = args['skip-ws'];
export const TIMELINE = args.timeline;
export const PIN = args.pin;

/** Node's HTTP server drops idle keep-alive sockets after 5 s: wait that out before RSS reads. */
export const HTTP_IDLE_MS = 5_500;
export const CONNECT_TIMEOUT_MS = 20_000;
export const QUIET_MS = 500;
export const QUIET_MAX_MS = 120_000;
export const DRAIN_TIMEOUT_MS = 10_000;
/** After this many failed connections a phase stops trying (EMFILE and friends). */
export const MAX_CONNECT_ERRORS = 20;

// Whole-run time limit: generous, but the bench always stops by itself.
export const RUN_LIMIT_MS = 10 * 60_000 + QUIET_WAIT_S * 1000 + 2 * ((REPEAT + MAX_REDO) * T + W) * 1000 * 1.5;
export const CHILD_LIFETIME_MS = RUN_LIMIT_MS + 30_000;
