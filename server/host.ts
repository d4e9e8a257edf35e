/**
 * createHost: the whole classroom host in one call. The Electron main process, the CLI and
 * every test start it the same way.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { APP_ORIGIN, APP_VERSION, PROTOCOL_VERSION, type HostInfo, type Room } from '../shared';
import { createApi } from './http/api';
import { applyCors } from './http/cors';
import { createStatic, defaultStaticDir, SECURITY_HEADERS } from './http/static';
import { createDomain } from './domain';
import { createLogger, type Logger } from './log';
import type { TeachingPlayground } from './playground';
import { createFeatures } from './features';
import { startAdvertising, type Advertiser } from './discovery/advertiser';
import { isLoopbackHost } from './discovery/net';
import { studentUrls } from './net';
import { systemClock, type Clock } from './services/clock';
import { createPresence } from './services/presence';
import { DEFAULT_CLASS_NAME } from './services/rooms';
import { newToken } from './services/tokens';
import { createAuthMiddleware } from './socket/auth';
import { createClassroom, type ClassroomFeature } from './socket/classroom';
import { createSecurity, type GuessBudgetConfig, type RateLimits } from './security';
import { FanoutAdapter } from './socket/fanoutAdapter';
import { startCheckpointer } from './store/checkpointer';
import { openDatabase } from './store/database';
import { createStore } from './store/store';

export interface HostOptions {
  /** Folder for the SQLite file. Created if missing. */
  dataDir: string;
  /** Port to listen on; 0 picks a free one. Default 4321. */
  port?: number;
  /** Interface to bind; '0.0.0.0' (default) for the LAN, '127.0.0.1' for tests. */
  host?: string;
  /** If the port is taken, fail instead of falling back to a free one. */
  strictPort?: boolean;
  /** Built renderer to serve; undefined looks for dist/renderer. */
  staticDir?: string;
  className?: string;
  teacherName?: string;
  /** Messages sent on a first join; and the page size of history after a reconnect. */
  historyLimit?: number;
  /** How long a participant stays listed after their last socket drops. */
  leaveGraceMs?: number;
  logger?: Logger;
  clock?: Clock;
  /** better_sqlite3.node for this runtime (Electron in development). */
  nativeBinding?: string;
  /** Extra origins allowed to call the API cross-origin (the desktop app is always allowed). */
  allowedOrigins?: string[];
  /** Largest file a teacher can share or a student hand in (default 100 MB). */
  maxFileBytes?: number;
  /**
   * Advertise the class on the LAN (mDNS + UDP broadcast; see server/discovery). Off by default
   * so tests stay quiet; never on a loopback-only host, which no student could reach anyway.
   */
  discovery?: boolean | { mdns?: boolean; broadcast?: boolean; broadcastPort?: number };
  /** Per-participant event budgets and the join guessing budget (defaults in server/security). */
  rateLimits?: RateLimits;
  guessBudget?: GuessBudgetConfig;
}

export interface Host {
  /** Loopback URL of this host (for the local teacher console and tests). */
  readonly url: string;
  readonly port: number;
  readonly teacherToken: string;
  /** Teacher console URL, carrying the teacher token. Show it only to the teacher. */
  readonly teacherUrl: string;
  /** One URL per LAN IPv4 address, for students' browsers. */
  readonly studentUrls: string[];
  /** Code of the live class (the newest if several), or null after End class. */
  readonly code: string | null;
  info(): HostInfo;
  openClass(name?: string): Room;
  /** The programmatic API (classrooms, lectures, archive), acting as the host's owner. */
  readonly playground: TeachingPlayground;
  close(): Promise<void>;
}

const TEACHER_TOKEN_KEY = 'teacher_token';

export async function createHost(options: HostOptions): Promise<Host> {
  const log = options.logger ?? createLogger('info');
  const clock = options.clock ?? systemClock;
  const db = openDatabase(options.dataDir, { nativeBinding: options.nativeBinding });
  const checkpointer = startCheckpointer(db, { file: db.name, nativeBinding: options.nativeBinding, log });
  const store = createStore(db);

  // The teacher token lives with the data so the teacher's link survives a restart.
  let teacherToken = store.getSetting(TEACHER_TOKEN_KEY);
  if (!teacherToken) store.setSetting(TEACHER_TOKEN_KEY, (teacherToken = newToken()));

  let connections = () => 0;
  const domain = createDomain({ db, store, clock, connections: () => connections() });
  const { rooms, sessions, chat, lectures, attendance, owner } = domain;
  const className = options.className ?? DEFAULT_CLASS_NAME;
  const openClass = (name?: string) => lectures.startAdHoc(owner, name ?? className).room;
  // A class left live by a crash or restart carries on; otherwise open a fresh one.
  if (rooms.live().length === 0) openClass();

  const allowedOrigins = [APP_ORIGIN, ...(options.allowedOrigins ?? [])];
  const server = http.createServer();
  const io = new Server(server, {
    serveClient: false,
    // Deliberate: our largest client payload is a chat message (≤ 2000 chars ≈ 8 KB UTF-8).
    maxHttpBufferSize: 64 * 1024,
    // Notice a vanished laptop within ~15 s on a LAN.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    cors: { origin: allowedOrigins },
    // Room broadcasts skip engine.io's per-socket queue when they can (see fanoutAdapter.ts).
    adapter: FanoutAdapter,
  });

  let classroom: ReturnType<typeof createClassroom> | undefined;
  const presence = createPresence(options.leaveGraceMs ?? 2_000, {
    onJoined: (roomId, p) => {
      attendance.present(p.id);
      classroom?.participantJoined(roomId, p);
    },
    onLeft: (roomId, p) => {
      attendance.absent(p.id);
      store.markLeft(p.id, clock.now().toISOString());
      classroom?.participantLeft(roomId, p);
    },
  });
  // Features plug into every connection and class end (see ClassroomFeature).
  const features: ClassroomFeature[] = createFeatures({
    io,
    log,
    store,
    domain,
    presence,
    clock,
    bindHost: options.host ?? '0.0.0.0',
    maxFileBytes: options.maxFileBytes,
  });
  classroom = createClassroom({
    io,
    store,
    rooms,
    chat,
    presence,
    log,
    clock,
    historyLimit: options.historyLimit ?? 100,
    features,
    onRoomClosed: (roomId) => attendance.roomClosed(roomId),
    roomFeatures: (roomId) => domain.roomFeatures(roomId),
    endRequested: (roomId) => {
      const lecture = lectures.lectureOfRoom(roomId);
      if (lecture?.status === 'in-progress') lectures.end(owner, lecture.id);
      else classroom!.endClass(roomId);
      return { roomId, endedAt: rooms.byId(roomId)?.endedAt ?? clock.now().toISOString() };
    },
  });
  domain.bindCloseRoom((roomId) => classroom!.endClass(roomId));
  connections = () => io.engine.clientsCount;
  const security = createSecurity({ io, rooms, log, guessBudget: options.guessBudget });
  io.use(createAuthMiddleware({ sessions, rooms, log, rateLimits: options.rateLimits }));
  io.on('connection', classroom.onConnection);
  io.on('connection', security.onConnection);

  let port = 0;
  const bindHost = options.host ?? '0.0.0.0';
  const info = (): HostInfo => ({
    code: rooms.live().at(-1)?.code ?? null,
    studentUrls: studentUrls(bindHost, port),
    version: APP_VERSION,
  });
  const api = createApi({
    rooms,
    sessions,
    log,
    teacherToken,
    teacherName: options.teacherName ?? 'Teacher',
    startedAt: Date.now(),
    connections: () => io.engine.clientsCount,
    hostInfo: info,
    openClass,
    seatsLeft: (roomId) => {
      const lecture = lectures.lectureOfRoom(roomId);
      return lecture ? lecture.maxParticipants - attendance.seatsTaken(roomId) : Infinity;
    },
    lectureRoom: (lectureId) => lectures.get(lectureId).roomId,
    playground: domain.playground,
    dataDir: options.dataDir,
    security,
  });
  const serveStatic = createStatic(options.staticDir ?? defaultStaticDir());

  server.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) return; // engine.io answers these
    // On every reply (API JSON and error pages too, not only static files).
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (applyCors(req, res, allowedOrigins)) return;
    api(req, res)
      .then((handled) => {
        if (!handled) serveStatic(req, res);
      })
      .catch((err) => {
        log.error({ err }, 'request failed');
        if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS).end();
      });
  });

  try {
    port = await listen(server, options.port ?? 4321, bindHost, !!options.strictPort, log);
  } catch (err) {
    // Do not leave the database (and its -wal/-shm) or features open behind a host that
    // never started.
    for (const f of features) await f.close?.();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await checkpointer.close();
    store.close();
    throw err;
  }
  const loopback = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  let advertiser: Advertiser | undefined;
  if (options.discovery && !isLoopbackHost(bindHost)) {
    const d = options.discovery === true ? {} : options.discovery;
    // Never fatal: without discovery, students type the address as before.
    advertiser = await startAdvertising({
      className: rooms.live().at(-1)?.name ?? className,
      teacherName: options.teacherName ?? 'Teacher',
      port, // the port we got, which may not be the one asked for
      protocolVersion: PROTOCOL_VERSION,
      ...d,
      log,
    }).catch((err: unknown) => (log.warn({ err }, 'could not advertise the class'), undefined));
  }
  const url = `http://${loopback}:${port}`;

  let closing: Promise<void> | undefined;
  const host: Host = {
    url,
    port,
    teacherToken,
    teacherUrl: `${url}/teacher?token=${encodeURIComponent(teacherToken)}`,
    get studentUrls() {
      return info().studentUrls;
    },
    get code() {
      return info().code;
    },
    info,
    openClass,
    playground: domain.playground,
    close() {
      closing ??= (async () => {
        // First, so students' lists drop the class while it shuts down.
        await advertiser?.close();
        presence.closeAll();
        // Presence is memory only: close open attendance stretches at shutdown so downtime is not
        // counted as time in class (after a crash, the next join closes them instead).
        for (const r of rooms.live()) attendance.roomClosed(r.id);
        for (const f of features) await f.close?.();
        // No disconnectSockets(): that tells clients they were sent away. Closing the engine
        // looks like a network drop, so students keep reconnecting until we are back.
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await checkpointer.close();
        store.close();
        log.info('host closed');
      })();
      return closing;
    },
  };
  log.info({ port, bindHost, code: host.code }, 'host listening');
  return host;
}

function listen(server: http.Server, port: number, host: string, strict: boolean, log: Logger): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' && !strict && port !== 0) {
        log.warn({ port }, 'port in use; picking a free one');
        server.listen(0, host);
        return;
      }
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.on('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
