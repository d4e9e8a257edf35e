/**
 * What every interaction module shares: the host's services, the interaction store, and the
 * Socket.IO channels it addresses (a room's teachers, one participant's sockets).
 */
import type { Server } from 'socket.io';
import type { Participant } from '../../shared';
import type { Domain } from '../domain';
import type { Logger } from '../log';
import type { Clock } from '../services/clock';
import { ServiceError } from '../services/errors';
import { newId } from '../services/tokens';
import type { Presence } from '../services/presence';
import { emitTo } from '../socket/classroom';
import { afterAck } from '../socket/reply';
import { roomChannel } from '../socket/session';
import type { InteractionStore } from '../store/interactionStore';
import type { Store } from '../store/store';

export interface InteractionContext {
  io: Server;
  log: Logger;
  store: Store;
  istore: InteractionStore;
  domain: Domain;
  presence: Presence;
  clock: Clock;
}

/** Every teacher socket of a room: live results and acknowledgement lists go only here. */
export const teacherChannel = (roomId: string) => `teachers:${roomId}`;
/** Every socket of one participant (tabs, reconnects): personal notices and removal. */
export const participantChannel = (participantId: string) => `participant:${participantId}`;

export const nowIso = (ctx: InteractionContext) => ctx.clock.now().toISOString();
export const lectureIdOf = (ctx: InteractionContext, roomId: string) => ctx.domain.lectures.lectureOfRoom(roomId)?.id ?? null;

/** A participant of this room (removed ones included), or a typed NOT_FOUND. */
export function participantInRoom(ctx: InteractionContext, roomId: string, participantId: string): Participant {
  const p = ctx.store.participantRoomId(participantId) === roomId ? ctx.store.participantById(participantId) : undefined;
  if (!p) throw new ServiceError('NOT_FOUND', 'That person is not in this class.');
  return p;
}

export function studentsOnly(p: Participant, what: string): void {
  if (p.role !== 'student') throw new ServiceError('FORBIDDEN', `Only students ${what}.`);
}

/**
 * A host-written chat line (poll opened, someone removed…): stored in the chat like any
 * message, typed `system`, and broadcast after the current ack.
 */
export function postSystemMessage(ctx: InteractionContext, roomId: string, sender: Participant, text: string): void {
  const { message } = ctx.domain.chat.send(roomId, sender, text, `sys-${newId()}`, { type: 'system' });
  afterAck(() => emitTo(ctx.io.to(roomChannel(roomId)), 'chat_message', message));
}
