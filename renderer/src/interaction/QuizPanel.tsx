/**
 * Timed quizzes: the teacher writes questions with the correct answers and a time limit; each
 * student answers and sees their score once the host closes the quiz. The countdown here is
 * only a display: the host's clock decides what is late.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RoomConnection } from '../../../shared/client';
import type { Quiz, QuizReport, QuizScore } from '../../../shared/schemas/interaction';
import { quizCsv } from './quizCsv';

function useSecondsLeft(deadline: string | undefined): number {
  const left = () => (deadline ? Math.max(0, Math.ceil((Date.parse(deadline) - Date.now()) / 1000)) : 0);
  const [s, setS] = useState(left);
  useEffect(() => {
    setS(left());
    const t = setInterval(() => setS(left()), 500);
    return () => clearInterval(t);
  }, [deadline]);
  return s;
}

interface DraftQuestion {
  prompt: string;
  options: string;
  correct: number;
}
const blank = (): DraftQuestion => ({ prompt: '', options: '', correct: 0 });

function NewQuizForm({ conn, onDone }: { conn: RoomConnection; onDone(): void }) {
  const [title, setTitle] = useState('');
  const [seconds, setSeconds] = useState(60);
  const [questions, setQuestions] = useState<DraftQuestion[]>([blank()]);
  const [error, setError] = useState<string | null>(null);
  const update = (i: number, patch: Partial<DraftQuestion>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const payload = {
      title,
      seconds,
      questions: questions.map((q) => ({
        prompt: q.prompt,
        options: q.options.split('\n').map((o) => o.trim()).filter(Boolean),
        correct: q.correct,
      })),
    };
    const res = await conn.request('quiz:create', payload);
    if (!res.ok) return setError(res.error.message);
    onDone();
  }
  return (
    <form onSubmit={submit} className="stack">
      <label>
        Quiz title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} />
      </label>
      <label>
        Time limit (seconds)
        <input type="number" min={10} max={3600} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} />
      </label>
      {questions.map((q, i) => {
        const options = q.options.split('\n').map((o) => o.trim()).filter(Boolean);
        return (
          <fieldset key={i} className="stack">
            <legend>Question {i + 1}</legend>
            <label>
              Question {i + 1} text
              <input value={q.prompt} onChange={(e) => update(i, { prompt: e.target.value })} maxLength={300} />
            </label>
            <label>
              Question {i + 1} answers (one per line)
              <textarea rows={3} value={q.options} onChange={(e) => update(i, { options: e.target.value })} />
            </label>
            <label>
              Question {i + 1} correct answer
              <select value={q.correct} onChange={(e) => update(i, { correct: Number(e.target.value) })}>
                {(options.length ? options : ['(type the answers first)']).map((o, j) => (
                  <option key={j} value={j}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
        );
      })}
      <div className="row">
        <button type="button" className="secondary" onClick={() => setQuestions((qs) => [...qs, blank()])}>
          Add question
        </button>
        <button type="submit">Start quiz</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function TeacherQuiz({ conn, report }: { conn: RoomConnection; report: QuizReport | null }) {
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = useSecondsLeft(report?.status === 'open' ? report.deadline : undefined);
  const open = report?.status === 'open';
  async function end() {
    const res = await conn.request('quiz:close', { quizId: report!.quizId });
    setError(res.ok ? null : res.error.message);
  }
  return (
    <section className="panel quiz-panel" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">Quiz</h2>
      {report && (
        <div>
          <p className="question">
            {report.title} {open ? <span className="muted">({left} s left)</span> : <span className="muted">(closed)</span>}
          </p>
          <table aria-label="Quiz questions">
            <thead>
              <tr>
                <th>Question</th>
                <th>Correct answer</th>
                <th>Answered correctly</th>
              </tr>
            </thead>
            <tbody>
              {report.questions.map((q, i) => (
                <tr key={i}>
                  <td>{q.prompt}</td>
                  <td>{q.options[q.correct]}</td>
                  <td>
                    {q.correctCount} of {report.students.length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Quiz scores">
            <thead>
              <tr>
                <th>Student</th>
                <th>Score</th>
              </tr>
            </thead>
            <tbody>
              {report.students.map((s) => (
                <tr key={s.participantId}>
                  <td>{s.name}</td>
                  <td>
                    {s.submittedAt ? `${s.score} / ${report.questions.length}` : 'no answers'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            {open && <button onClick={end}>End quiz now</button>}
            <button className="secondary" onClick={() => download(`${report.title}.csv`, quizCsv(report))}>
              Export CSV
            </button>
          </div>
        </div>
      )}
      {!open &&
        (creating ? (
          <NewQuizForm conn={conn} onDone={() => setCreating(false)} />
        ) : (
          <button onClick={() => setCreating(true)}>New quiz</button>
        ))}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

export function StudentQuiz({ conn, quiz, score }: { conn: RoomConnection; quiz: Quiz | null; score: QuizScore | null }) {
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = useSecondsLeft(quiz?.status === 'open' ? quiz.deadline : undefined);
  const quizId = quiz?.id;
  useEffect(() => {
    setAnswers(quiz ? quiz.questions.map(() => null) : []);
    setSent(quiz?.submitted ?? false);
    setError(null);
    // Only for a new quiz: a status update must not wipe the answers being picked.
  }, [quizId]);
  if (!quiz) return null;
  const open = quiz.status === 'open';
  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = await conn.request('quiz:submit', { quizId: quiz!.id, answers });
    setError(res.ok ? null : res.error.message);
    if (res.ok) setSent(true);
  }
  return (
    <section className="panel quiz-panel" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">Quiz: {quiz.title}</h2>
      {open ? <p className="muted">{left} seconds left</p> : <p className="muted">Time is up.</p>}
      <form onSubmit={submit} className="stack">
        {quiz.questions.map((q, i) => (
          <fieldset key={i} disabled={!open}>
            <legend>{q.prompt}</legend>
            {q.options.map((o, j) => (
              <label key={j} className="inline option">
                <input
                  type="radio"
                  name={`quiz-${quiz.id}-${i}`}
                  checked={answers[i] === j}
                  onChange={() => setAnswers((a) => a.map((x, k) => (k === i ? j : x)))}
                />{' '}
                {o}
              </label>
            ))}
            {score && (
              <p className={score.yours[i] === score.correct[i] ? 'right' : 'wrong'}>
                {score.yours[i] === score.correct[i] ? 'Correct' : `Correct answer: ${q.options[score.correct[i]!]}`}
              </p>
            )}
          </fieldset>
        ))}
        {open && <button type="submit">Submit answers</button>}
      </form>
      {sent && open && <p className="muted">Answers sent. You can change them until time is up.</p>}
      {score && (
        <p role="status" className="score">
          Your score: {score.score} / {score.total}
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
