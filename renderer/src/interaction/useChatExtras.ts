/**
 * What the chat needs from class interaction: messages the teacher deleted while we watched,
 * who is typing, whether we are muted, and sending our own typing state (debounced, so a
 * typist sends at most one "typing" every few seconds and one "stopped").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomConnection } from '../../../shared/client';

const RESEND_TYPING_MS = 3_000;
const IDLE_MS = 4_000;

export function typingText(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

export function useChatExtras(conn: RoomConnection | undefined) {
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const [typists, setTypists] = useState<{ id: string; name: string }[]>([]);
  const [mute, setMute] = useState<{ muted: boolean; reason: string }>({ muted: false, reason: '' });
  const [lastReadSeq, setLastReadSeq] = useState<number | undefined>(undefined);
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!conn) return;
    const offs = [
      conn.subscribe('chat_deleted', ({ messageId }) => setDeleted((d) => new Set(d).add(messageId))),
      conn.subscribe('typing_state', ({ typists: t }) => setTypists(t)),
      conn.subscribe('mute_state', setMute),
      conn.subscribe('read_state', ({ lastReadSeq: seq }) => setLastReadSeq((s) => Math.max(s ?? 0, seq))),
      // A message from someone means they stopped typing, whatever the host said last.
      conn.on('messages', (ms) => {
        const last = ms.at(-1);
        if (last) setTypists((t) => t.filter((x) => x.id !== last.sender.id));
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      clearTimeout(idle.current);
    };
  }, [conn]);

  const stopTyping = useCallback(() => {
    clearTimeout(idle.current);
    if (!conn || lastSent.current === 0) return;
    lastSent.current = 0;
    void conn.request('typing', { typing: false });
  }, [conn]);

  /** Call on every keystroke. */
  const typed = useCallback(() => {
    if (!conn) return;
    const now = Date.now();
    if (now - lastSent.current > RESEND_TYPING_MS) {
      lastSent.current = now;
      void conn.request('typing', { typing: true });
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, IDLE_MS);
  }, [conn, stopTyping]);

  /** The chat is open and shows up to `seq`: tell the host (it keeps the highest). */
  const markRead = useCallback(
    (seq: number) => {
      if (!conn || (lastReadSeq !== undefined && seq <= lastReadSeq)) return;
      setLastReadSeq(seq);
      void conn.request('chat:read', { seq });
    },
    [conn, lastReadSeq],
  );

  const others = typists.filter((t) => t.id !== conn?.you?.id).map((t) => t.name);
  return { deleted, typing: typingText(others), mute, typed, stopTyping, lastReadSeq, markRead };
}
