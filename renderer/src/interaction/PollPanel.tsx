/** Polls: the teacher asks and watches live results; students vote (and may change their vote). */
import { useEffect, useState, type FormEvent } from 'react';
import type { RoomConnection } from '../../../shared/client';
import { POLL_OPTIONS_MAX, POLL_OPTIONS_MIN, type Poll, type PollResults } from '../../../shared/schemas/interaction';

export function PollResultsView({ poll, results }: { poll: Poll; results: PollResults }) {
  return (
    <section aria-label="Poll results" className="poll-results">
      <p className="muted">
        {results.voters} {results.voters === 1 ? 'vote' : 'votes'}
      </p>
      <ul className="bars">
        {poll.options.map((option, i) => {
          const n = results.counts[i] ?? 0;
          const pct = results.voters ? Math.round((n / results.voters) * 100) : 0;
          return (
            <li key={i} aria-label={`${option}: ${n} (${pct}%)`}>
              <span className="bar-label">{option}</span>
              <span className="bar" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${pct}%` }} />
              </span>
              <span className="bar-count">
                {n} ({pct}%)
              </span>
            </li>
          );
        })}
      </ul>
      {results.ballots && results.ballots.length > 0 && (
        <details>
          <summary>Who voted for what</summary>
          <ul>
            {results.ballots.map((b) => (
              <li key={b.name + b.choices.join()}>
                {b.name}: {b.choices.map((c) => poll.options[c]).join(', ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function NewPollForm({ conn, onDone }: { conn: RoomConnection; onDone(): void }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const list = options.split('\n').map((o) => o.trim()).filter(Boolean);
    if (list.length < POLL_OPTIONS_MIN || list.length > POLL_OPTIONS_MAX) {
      return setError(`Give ${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} options, one per line.`);
    }
    const res = await conn.request('poll:create', { question, options: list, multiple, anonymous });
    if (!res.ok) return setError(res.error.message); // the form keeps what was typed
    onDone();
  }
  return (
    <form onSubmit={submit} className="stack">
      <label>
        Question
        <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={300} />
      </label>
      <label>
        Options (one per line)
        <textarea rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.target.checked)} /> Several answers allowed
      </label>
      <label className="inline">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Anonymous
      </label>
      <button type="submit">Start poll</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

export function TeacherPoll({ conn, poll }: { conn: RoomConnection; poll: Poll | null }) {
  const [creating, setCreating] = useState(false);
  const [show, setShow] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const open = poll?.status === 'open';
  async function close() {
    const res = await conn.request('poll:close', { pollId: poll!.id, showResults: show });
    setError(res.ok ? null : res.error.message);
  }
  return (
    <section className="panel poll-panel" aria-labelledby="poll-heading">
      <h2 id="poll-heading">Poll</h2>
      {poll && (
        <div>
          <p className="question">
            {poll.question} {poll.status === 'closed' && <span className="muted">(closed)</span>}
          </p>
          {poll.results && <PollResultsView poll={poll} results={poll.results} />}
          {open && (
            <div className="row">
              <label className="inline">
                <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> Show results to students
              </label>
              <button onClick={close}>Close poll</button>
            </div>
          )}
        </div>
      )}
      {!open &&
        (creating ? (
          <NewPollForm conn={conn} onDone={() => setCreating(false)} />
        ) : (
          <button onClick={() => setCreating(true)}>New poll</button>
        ))}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

export function StudentPoll({ conn, poll }: { conn: RoomConnection; poll: Poll | null }) {
  const [picked, setPicked] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const pollId = poll?.id;
  useEffect(() => {
    setPicked(poll?.yourChoices ?? []);
    setSent((poll?.yourChoices.length ?? 0) > 0);
    // Only when a different poll arrives: a results update must not undo what is being picked.
  }, [pollId]);
  if (!poll) return null;
  const toggle = (i: number) =>
    setPicked((p) => (poll.multiple ? (p.includes(i) ? p.filter((x) => x !== i) : [...p, i]) : [i]));
  async function vote(e: FormEvent) {
    e.preventDefault();
    if (picked.length === 0) return setError('Pick an option first.');
    const res = await conn.request('poll:vote', { pollId: poll!.id, choices: picked });
    setError(res.ok ? null : res.error.message);
    setSent(res.ok);
  }
  return (
    <section className="panel poll-panel" aria-labelledby="poll-heading">
      <h2 id="poll-heading">Poll</h2>
      <form onSubmit={vote}>
        <fieldset disabled={poll.status !== 'open'}>
          <legend>{poll.question}</legend>
          {poll.options.map((o, i) => (
            <label key={i} className="inline option">
              <input
                type={poll.multiple ? 'checkbox' : 'radio'}
                name={`poll-${poll.id}`}
                checked={picked.includes(i)}
                onChange={() => toggle(i)}
              />{' '}
              {o}
            </label>
          ))}
          {poll.status === 'open' && <button type="submit">Vote</button>}
        </fieldset>
      </form>
      {sent && poll.status === 'open' && <p className="muted">Vote recorded. You can change it until the poll closes.</p>}
      {poll.status === 'closed' && !poll.results && <p className="muted">The poll has closed.</p>}
      {poll.results && <PollResultsView poll={poll} results={poll.results} />}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
