/**
 * RoomConnection: one client for a class, used by the React UI and by Node tests alike
 * (seed 000's RoomConnection). It owns the Socket.IO connection, reconnects with backoff
 * and jitter, and keeps the chat as a gap-free, duplicate-free list ordered by `seq`.
 *
 * Exactly-once chat: each message gets a client id; Socket.IO's `retries` resends until
 * acked (also across reconnects) and the host deduplicates by that id.
 * No gaps: on every (re)connect the handshake carries `lastSeq`, the host sends what came
 * after it, and any out-of-order message triggers a history fetch.
 */
import { io, type Socket } from 'socket.io-client';
import { ERROR_MESSAGES, ERROR_CODES, type ErrorCode } from '../errors';
import { fail, resultSchema, type AppError, type Result } from '../result';
import { sortParticipants, type ChatMessage, type Participant, type Room } from '../schemas/domain';
import {
  clientEvents,
  serverEvents,
  type ClassEnded,
  type ClientEventName,
  type ClientPayload,
  type ClientReply,
  type HistoryPage,
  type RoomState,
} from '../schemas/events';
import { TypedEmitter } from './emitter';

export type ConnectionStatus =
  | 'connecting' // first connection under way
  | 'connected'
  | 'reconnecting' // lost the host; trying again with backoff
  | 'ended' // the class ended
  | 'refused' // the host does not accept our session any more
  | 'closed'; // we closed it

export interface RoomConnectionEvents extends Record<string, unknown> {
  status: ConnectionStatus;
  room_state: RoomState;
  /** The whole list, in the host's order, after room_state and after every join or leave. */
  participants: Participant[];
  /** The room changed while live (e.g. a new code). */
  room: Room;
  /** The full ordered chat after any change. */
  messages: ChatMessage[];
  class_ended: ClassEnded;
  error: AppError;
  /** History after a (re)connect has been applied. */
  synced: number;
}

export interface RoomConnectionOptions {
  baseUrl: string;
  token: string;
  /** How long to wait for an ack before resending (ms). */
  ackTimeoutMs?: number;
  /** Resends before giving up on an emit. */
  retries?: number;
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
}

function newClientId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class RoomConnection extends TypedEmitter<RoomConnectionEvents> {
  private socket: Socket;
  /** Messages received ahead of a gap, waiting for the gap to fill. */
  private pending = new Map<number, ChatMessage>();
  private ordered: ChatMessage[] = [];
  /** Highest seq up to which we hold every message; undefined before the first history. */
  private contiguousSeq: number | undefined;
  private fetchingHistory = false;
  private _status: ConnectionStatus = 'connecting';
  room: Room | undefined;
  you: Participant | undefined;
  participants: Participant[] = [];
  /** The classroom's feature toggles, from room_state. */
  features: RoomState['features'] | undefined;

  constructor(private readonly opts: RoomConnectionOptions) {
    super();
    this.socket = io(opts.baseUrl, {
      autoConnect: false,
      transports: ['websocket'],
      // Called on every (re)connect, so the host always learns what we already have.
      auth: (cb) =>
        cb(this.contiguousSeq === undefined ? { token: opts.token } : { token: opts.token, lastSeq: this.contiguousSeq }),
      reconnection: true,
      reconnectionDelay: opts.reconnectionDelayMs ?? 500,
      reconnectionDelayMax: opts.reconnectionDelayMaxMs ?? 3000,
      randomizationFactor: 0.5,
      ackTimeout: opts.ackTimeoutMs ?? 5000,
      retries: opts.retries ?? 20,
    });
    this.wire();
  }

  get status(): ConnectionStatus {
    return this._status;
  }
  get messages(): readonly ChatMessage[] {
    return this.ordered;
  }
  get lastSeq(): number | undefined {
    return this.contiguousSeq;
  }
  /** The host and session token, for HTTP calls made as this participant (file transfers). */
  get sessionAuth(): { baseUrl: string; token: string } {
    return { baseUrl: this.opts.baseUrl, token: this.opts.token };
  }

  connect(): this {
    this.socket.connect();
    return this;
  }

  close(): void {
    this.setStatus('closed');
    this.socket.disconnect();
  }

  /** Sends a chat message. Resolves once the host has stored it (or with a typed error). */
  sendMessage(text: string): Promise<Result<ChatMessage>> {
    return this.request('chat:send', { text, clientId: newClientId() });
  }

  endClass(): Promise<Result<ClientReply<'class:end'>>> {
    return this.request('class:end', {});
  }

  async leave(): Promise<void> {
    if (this.socket.connected) await this.request('class:leave', {});
    this.close();
  }

  /** A typed request with ack. Errors come back as Results, never as throws. */
  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Result<ClientReply<E>>> {
    if (this._status === 'ended' || this._status === 'refused' || this._status === 'closed') {
      return fail('DISCONNECTED', ERROR_MESSAGES.DISCONNECTED);
    }
    // Refuse what the host would refuse (oversized text, bad ids) without sending it: a 100 KB
    // paste must not cost the student their connection (the host drops frames over 64 KB).
    const valid = clientEvents[event].payload.safeParse(payload);
    if (!valid.success) return fail('BAD_REQUEST', valid.error.issues[0]?.message ?? ERROR_MESSAGES.BAD_REQUEST);
    let raw: unknown;
    try {
      raw = await this.socket.emitWithAck(event, payload);
    } catch {
      return fail('TIMEOUT', ERROR_MESSAGES.TIMEOUT);
    }
    const parsed = resultSchema(clientEvents[event].reply).safeParse(raw);
    if (!parsed.success) return fail('INTERNAL', 'The host answered with something unexpected.');
    return parsed.data as Result<ClientReply<E>>;
  }

  private setParticipants(list: Participant[]) {
    this.participants = list;
    this.emit('participants', list);
  }

  private setStatus(s: ConnectionStatus) {
    if (this._status === s) return;
    // Terminal states stay terminal.
    if (this._status === 'ended' || this._status === 'closed') return;
    this._status = s;
    this.emit('status', s);
  }

  private wire() {
    const s = this.socket;
    s.on('connect', () => this.setStatus('connected'));
    s.on('disconnect', (reason) => {
      // The host disconnecting us on purpose (class ended, left) is not a network fault.
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') return this.setStatus('refused'); // no-op once ended
      this.setStatus('reconnecting');
    });
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (s.active) return this.setStatus(this._status === 'connecting' ? 'connecting' : 'reconnecting');
      // Refused by the handshake middleware: do not retry.
      const code = (ERROR_CODES as readonly string[]).includes(err.data?.code ?? '')
        ? (err.data!.code as ErrorCode)
        : 'UNAUTHORIZED';
      this.emit('error', { code, message: err.data?.message ?? ERROR_MESSAGES[code] });
      this.setStatus(code === 'ROOM_ENDED' ? 'ended' : 'refused');
    });

    this.subscribe('room_state', (state) => {
      this.room = state.room;
      this.you = state.you;
      this.participants = state.participants;
      this.features = state.features;
      this.emit('room_state', state);
      this.emit('participants', this.participants);
    });
    this.subscribe('room_updated', (room) => {
      this.room = room;
      this.emit('room', room);
    });
    // The host sends the list once (room_state), then deltas; we keep the list in the
    // host's order and hand listeners a fresh array per change.
    this.subscribe('participant_joined', ({ participant }) => {
      const others = this.participants.filter((p) => p.id !== participant.id);
      this.setParticipants(sortParticipants([...others, participant]));
    });
    this.subscribe('participant_left', ({ participant }) => {
      if (!this.participants.some((p) => p.id === participant.id)) return;
      this.setParticipants(this.participants.filter((p) => p.id !== participant.id));
    });
    this.subscribe('history', (page) => this.acceptHistory(page));
    this.subscribe('chat_message', (m) => this.acceptMessages([m]));
    this.subscribe('class_ended', (ended) => {
      this.emit('class_ended', ended);
      this.setStatus('ended');
    });
  }

  /**
   * Subscribe to any host event, parsed with its shared schema (malformed events are
   * dropped). Features (media, polls…) use this. Returns an unsubscribe function.
   */
  subscribe<E extends keyof typeof serverEvents>(
    event: E,
    fn: (payload: ReturnType<(typeof serverEvents)[E]['parse']>) => void,
  ): () => void {
    const handler = (raw: unknown) => {
      const parsed = serverEvents[event].safeParse(raw);
      if (parsed.success) fn(parsed.data as ReturnType<(typeof serverEvents)[E]['parse']>);
    };
    this.socket.on(event as string, handler);
    return () => void this.socket.off(event as string, handler);
  }

  private acceptHistory(page: HistoryPage) {
    if (this.contiguousSeq === undefined) {
      // First join: history starts wherever the host's window starts.
      const first = page.messages[0];
      this.contiguousSeq = first ? first.seq - 1 : 0;
    }
    this.acceptMessages(page.messages);
    if (page.hasMore) void this.fillGap();
    this.emit('synced', this.contiguousSeq);
  }

  private acceptMessages(incoming: ChatMessage[]) {
    for (const m of incoming) {
      if (this.contiguousSeq !== undefined && m.seq <= this.contiguousSeq) continue; // duplicate
      this.pending.set(m.seq, m);
    }
    if (this.contiguousSeq === undefined) return; // wait for the first history
    const added: ChatMessage[] = [];
    let next: ChatMessage | undefined;
    while ((next = this.pending.get(this.contiguousSeq + 1))) {
      this.pending.delete(next.seq);
      this.contiguousSeq = next.seq;
      added.push(next);
    }
    if (this.pending.size > 0) void this.fillGap();
    if (added.length) {
      this.ordered = [...this.ordered, ...added];
      this.emit('messages', this.ordered);
    }
  }

  /** Fetches history after our contiguous seq until the gap is closed. */
  private async fillGap() {
    if (this.fetchingHistory || this.contiguousSeq === undefined) return;
    this.fetchingHistory = true;
    try {
      for (let round = 0; round < 100; round++) {
        const res = await this.request('chat:history', { afterSeq: this.contiguousSeq });
        if (!res.ok) return;
        this.acceptMessages(res.data.messages);
        if (!res.data.hasMore) return;
      }
    } finally {
      this.fetchingHistory = false;
    }
  }
}
