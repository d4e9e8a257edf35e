import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CHAT_TEXT_MAX, type ChatMessage } from '../../../shared';

interface Props {
  messages: readonly ChatMessage[];
  youId?: string;
  /** Resolves to an error message, or null when the host stored the message. */
  onSend(text: string): Promise<string | null>;
  disabled?: boolean;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ChatPanel({ messages, youId, onSend, disabled }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLDivElement>(null);

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
    const err = await onSend(draft);
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
      <h2 id="chat-heading">Chat</h2>
      <div role="log" aria-label="Chat" aria-live="polite" className="chat-log" ref={logRef}>
        {messages.length === 0 && <p className="empty">No messages yet. Say hello!</p>}
        {messages.map((m) => (
          <article key={m.id} className={`chat-message${m.sender.id === youId ? ' mine' : ''}`} data-seq={m.seq}>
            <header>
              <span className="sender">{m.sender.name}</span>
              {m.sender.role !== 'student' && <span className="role-badge">teacher</span>}
              <time dateTime={m.sentAt}>{time(m.sentAt)}</time>
            </header>
            <p className="text">{m.text}</p>
          </article>
        ))}
      </div>
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-input">Message</label>
        <div className="chat-input-row">
          <textarea
            id="chat-input"
            rows={2}
            value={text}
            maxLength={CHAT_TEXT_MAX}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Write to the class… (Enter to send)"
            disabled={disabled}
          />
          <button type="submit" disabled={disabled}>
            Send
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
