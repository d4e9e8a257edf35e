/**
 * socket.io's room adapter, with a shorter path for the one thing a classroom does most: the
 * same event to every socket in a room (a chat message to 40–200 students).
 *
 * socket.io already encodes a room broadcast once and frames it once as a WebSocket frame
 * (`wsPreEncodedFrame`). It then still walks each recipient through engine.io's per-socket
 * packet queue: a packet object, `packetCreate`/`flush`/`drain` events, the transport's
 * writable flag and a write callback. On the chat benchmark that bookkeeping made the host
 * cost ~1.5× the CPU of a bare `ws` broadcast for the same deliveries (docs/PERFORMANCE.md).
 *
 * Here, when a recipient's engine.io connection is an open WebSocket with nothing queued and
 * nothing in flight, the ready-made frame goes straight to its WebSocket sender, which is what
 * engine.io itself would do next (websocket transport `send` → `_sender.sendFrame`). In every
 * other case (long-polling, an upgrade in progress, a queued or in-flight write, compression,
 * volatile, binary) the packet takes socket.io's normal path. Order per socket is kept: a direct
 * write only happens when everything engine.io was given earlier has been handed to the socket.
 *
 * It relies on engine.io/ws internals (`transport.writable`, `writeBuffer`, `_sender`); each is
 * checked before use and a missing one means the normal path. server/socket/fanoutAdapter.test.ts
 * pins the behaviour against the installed versions.
 */
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';

/** The frame socket.io-adapter precomputed for a broadcast: header and payload buffers. */
type WsFrame = readonly Buffer[];

interface PacketOptions {
  preEncoded: true;
  volatile?: boolean;
  compress?: boolean;
  wsPreEncodedFrame?: WsFrame;
}

/** The parts of engine.io's Socket and ws's WebSocket this path reads (untyped internals). */
interface EngineConnection {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: {
    name?: string;
    writable?: boolean;
    perMessageDeflate?: unknown;
    socket?: {
      readyState?: number;
      _sender?: { sendFrame?: (frame: WsFrame, cb?: (err?: Error) => void) => void; _queue?: unknown[] };
    };
  };
}

interface RecipientSocket {
  notifyOutgoingListeners?: (packet: unknown) => void;
  conn: EngineConnection;
  client: { writeToEngine(encoded: unknown[], opts: PacketOptions): void };
}

/** socket.io-adapter methods its typings mark private; the in-memory broadcast uses them. */
interface AdapterInternals {
  _encode(packet: unknown, opts: PacketOptions): unknown[];
  apply(opts: BroadcastOptions, callback: (socket: RecipientSocket) => void): void;
}

const WS_OPEN = 1;

/** How the room broadcasts went out since the host started (for tests and the benchmark). */
export interface FanoutStats {
  direct: number;
  queued: number;
}

/** Writes the frame to the socket's WebSocket if nothing else is queued or in flight there. */
function writeFrameDirectly(conn: EngineConnection, frame: WsFrame): boolean {
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer?.length !== 0) return false;
  const transport = conn.transport;
  if (!transport || transport.name !== 'websocket' || transport.writable !== true || transport.perMessageDeflate) return false;
  const ws = transport.socket;
  const sender = ws?._sender;
  if (ws?.readyState !== WS_OPEN || typeof sender?.sendFrame !== 'function') return false;
  if (sender._queue && sender._queue.length > 0) return false;
  // A write error closes the WebSocket; engine.io hears that through the ws 'close' event.
  sender.sendFrame(frame);
  return true;
}

export class FanoutAdapter extends Adapter {
  readonly stats: FanoutStats = { direct: 0, queued: 0 };

  override broadcast(packet: Parameters<Adapter['broadcast']>[0], opts: BroadcastOptions): void {
    const flags = opts.flags ?? {};
    if (flags.volatile) {
      // Volatile packets are dropped by engine.io when a socket is busy: its rules, its path.
      super.broadcast(packet, opts);
      return;
    }
    packet.nsp = this.nsp.name;
    const packetOpts: PacketOptions = { preEncoded: true, volatile: flags.volatile, compress: flags.compress };
    // socket.io-adapter's own encoder: the packet once, and (text only) the WebSocket frame once.
    const self = this as unknown as AdapterInternals;
    const encoded = self._encode(packet, packetOpts);
    const frame = packetOpts.wsPreEncodedFrame;
    const stats = this.stats;
    const send = (socket: RecipientSocket) => {
      socket.notifyOutgoingListeners?.(packet);
      if (frame && writeFrameDirectly(socket.conn, frame)) {
        stats.direct++;
        return;
      }
      stats.queued++;
      socket.client.writeToEngine(encoded, packetOpts);
    };
    // The usual case, one room and nobody excepted: walk the room itself (socket.io's apply
    // builds a set of every recipient to avoid sending twice across several rooms).
    if (opts.rooms.size === 1 && !opts.except?.size) {
      const [room] = opts.rooms;
      const sockets = this.nsp.sockets as unknown as Map<string, RecipientSocket>;
      for (const id of this.rooms.get(room!) ?? []) {
        const socket = sockets.get(id);
        if (socket) send(socket);
      }
      return;
    }
    self.apply(opts, send);
  }
}
