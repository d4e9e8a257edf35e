import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CHAT_TEXT_MAX, type ChatMessage } from '../../../shared';
import type { RoomConnection } from '../../../shared/client';
import { useChatExtras } from '../interaction/useChatExtras';

interface Props {
  messages: readonly ChatMessage[];
  youId?: string;
  /** Resolves to an error message, or null when the host stored the message. */
  onSend(text: string): Promise<string | null>;
  disabled?: boolean;
  /** With a connection: deletions, typing, mute state, code messages; a teacher can delete. */
  conn?: RoomConnection;
  role?: 'teacher' | 'student';
}

function MessageBody({ m, deleted }: { m: ChatMessage; deleted: boolean }) {
  if (deleted) return <p className="text">Message deleted by the teacher.</p>;
  if (m.type === 'code') {
    return (
      <pre className="code text" aria-label={`Code${m.language ? ` (${m.language})` : ''}`}>
        <code>{m.text}</code>
      </pre>
    );
  }
  return <p className="text">{m.text}</p>;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ChatPanel({ messages, youId, onSend, disabled, conn, role }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [asCode, setAsCode] = useState(false);
  const [language, setLanguage] = useState('');
  const [collapsed, setCollapsed] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);
  const extras = useChatExtras(conn);
  const newest = messages.at(-1)?.seq;
  const { markRead } = extras;
  // An open chat is a read chat; the host keeps the seq for the badge (and the next reload).
  useEffect(() => {
    if (collapsed || newest === undefined) return;
    const t = setTimeout(() => markRead(newest), 300);
    return () => clearTimeout(t);
  }, [collapsed, newest, markRead]);
  const unread =
    extras.lastReadSeq === undefined
      ? 0
      : messages.filter((m) => m.seq > extras.lastReadSeq! && m.sender.id !== youId && !m.deleted && !extras.deleted.has(m.id)).length;

  async function sendDraft(draft: string): Promise<string | null> {
    extras.stopTyping();
    if (!conn || !asCode) return onSend(draft);
    const lang = language.trim();
    const res = await conn.request('chat:send', {
      text: draft,
      // getRandomValues works on plain-http LAN pages, where randomUUID does not exist.
      clientId: Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(''),
      type: 'code',
      ...(lang ? { language: lang } : {}),
    });
    return res.ok ? null : res.error.message;
  }

  async function deleteMessage(id: string) {
    const res = await conn!.request('message:delete', { messageId: id });
    setError(res.ok ? null : res.error.message);
  }

  // Keep the newest message in view.
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const draft = text;
    if (!draft.trim()) return setError('Type a message first.');
    if (draft.length > CHAT_TEXT_MAX) return setError(`Messages can be at most ${CHAT_TEXT_MAX} characters.`);
    setText('');
    setError(null);
    const err = await sendDraft(draft);
    if (err) {
      setError(err);
      setText((current) => current || draft); // nothing typed is lost
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <section className="panel chat-panel" aria-labelledby="chat-heading">
      <div className="chat-heading-row">
        <h2 id="chat-heading">
          Chat{' '}
          {collapsed && unread > 0 && (
            <span className="unread-badge" aria-label={`${unread} unread`}>
              {unread}
            </span>
          )}
        </h2>
        {conn && (
          <button className="secondary small" aria-expanded={!collapsed} onClick={() => setCollapsed((c) => !c)}>
            {collapsed ? 'Show chat' : 'Hide chat'}
          </button>
        )}
      </div>
      {!collapsed && (
        <>
          <div role="log" aria-label="Chat" aria-live="polite" className="chat-log" ref={logRef}>
            {messages.length === 0 && <p className="empty">No messages yet. Say hello!</p>}
            {messages.map((m) => {
              const deleted = m.deleted || extras.deleted.has(m.id);
              return (
                <article
                  key={m.id}
                  className={`chat-message${m.sender.id === youId ? ' mine' : ''} ${m.type}${deleted ? ' deleted' : ''}`}
                  data-seq={m.seq}
                >
                  <header>
                    <span className="sender">{m.type === 'system' ? 'Classroom' : m.sender.name}</span>
                    {m.type !== 'system' && m.sender.role !== 'student' && <span className="role-badge">teacher</span>}
                    {m.type === 'code' && m.language && <span className="lang-tag">{m.language}</span>}
                    <time dateTime={m.sentAt}>{time(m.sentAt)}</time>
                    {role === 'teacher' && conn && !deleted && m.type !== 'system' && (
                      // Visible text, not aria-label: getByLabel('Message') must keep finding only the input.
                      <button className="secondary small" onClick={() => deleteMessage(m.id)}>
                        Delete message
                      </button>
                    )}
                  </header>
                  <MessageBody m={m} deleted={deleted} />
                </article>
              );
            })}
          </div>
          <p className="chat-typing" aria-live="polite">
            {extras.typing ?? '\u00a0'}
          </p>
          {extras.mute.muted && (
            <p role="alert" className="notice">
              The teacher muted you in chat{extras.mute.reason ? `: ${extras.mute.reason}` : '.'}
            </p>
          )}
          <form className="chat-form" onSubmit={submit}>
            <label htmlFor="chat-input">Message</label>
            <div className="chat-input-row">
              <textarea
                id="chat-input"
                rows={2}
                value={text}
                maxLength={CHAT_TEXT_MAX}
                onChange={(e) => {
                  setText(e.target.value);
                  extras.typed();
                }}
                onKeyDown={onKeyDown}
                placeholder="Write to the class… (Enter to send)"
                disabled={disabled}
              />
              <button type="submit" disabled={disabled}>
                Send
              </button>
            </div>
            {conn && (
              <div className="chat-kind">
                <label className="inline">
                  <input type="checkbox" checked={asCode} onChange={(e) => setAsCode(e.target.checked)} /> Send as code
                </label>
                {asCode && (
                  <label className="inline">
                    Code language
                    <input value={language} maxLength={20} onChange={(e) => setLanguage(e.target.value)} placeholder="python" />
                  </label>
                )}
              </div>
            )}
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
          </form>
        </>
      )}
    </section>
  );
}
