/** The teacher's quiz results as CSV, built in the browser from the report the host sent. */
import type { QuizReport } from '../../../shared/schemas/interaction';

/** Spreadsheet formulas in names (=, +, -, @) must not run when a teacher opens the CSV. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const letter = (i: number | null | undefined) => (i === null || i === undefined ? '' : String.fromCharCode(65 + i));

export function quizCsv(report: QuizReport): string {
  const header = ['name', 'score', 'out of', ...report.questions.map((_, i) => `Q${i + 1}`), 'submitted at'];
  const key = ['correct answer', '', '', ...report.questions.map((q) => letter(q.correct)), ''];
  const rows = report.students.map((s) => [
    s.name,
    s.score,
    report.questions.length,
    ...report.questions.map((_, i) => letter(s.answers[i])),
    s.submittedAt ?? 'did not answer',
  ]);
  return [header, key, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
