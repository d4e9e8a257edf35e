/**
 * The interaction state a participant's UI shows, kept from the host's events (parsed with
 * the shared schemas by RoomConnection.subscribe). On mount it asks the host to send the
 * state again, because the first push may have arrived before these subscriptions existed.
 */
import { useEffect, useState } from 'react';
import type { RoomConnection } from '../../../shared/client';
import type {
  Announcement,
  AnnouncementStatus,
  Poll,
  Quiz,
  QuizReport,
  QuizScore,
  RaisedHand,
} from '../../../shared/schemas/interaction';

export interface InteractionState {
  hands: RaisedHand[];
  poll: Poll | null;
  quiz: Quiz | null;
  quizScore: QuizScore | null;
  quizReport: QuizReport | null;
  /** Student: announcements not yet acknowledged, oldest first. */
  announcements: Announcement[];
  /** Teacher: who acknowledged what. */
  announcementStatus: AnnouncementStatus['announcements'];
}

const EMPTY: InteractionState = {
  hands: [],
  poll: null,
  quiz: null,
  quizScore: null,
  quizReport: null,
  announcements: [],
  announcementStatus: [],
};

export function useInteraction(conn: RoomConnection): [InteractionState, (fn: (s: InteractionState) => InteractionState) => void] {
  const [state, setState] = useState(EMPTY);
  useEffect(() => {
    const set = (patch: Partial<InteractionState>) => setState((s) => ({ ...s, ...patch }));
    const offs = [
      conn.subscribe('hands', ({ hands }) => set({ hands })),
      conn.subscribe('poll', (poll) => set({ poll })),
      conn.subscribe('quiz', (quiz) =>
        setState((s) => ({ ...s, quiz, quizScore: s.quizScore?.quizId === quiz.id ? s.quizScore : null })),
      ),
      conn.subscribe('quiz_score', (quizScore) => set({ quizScore })),
      conn.subscribe('quiz_report', (quizReport) => set({ quizReport })),
      conn.subscribe('announcement', (a) =>
        setState((s) => (s.announcements.some((x) => x.id === a.id) ? s : { ...s, announcements: [...s.announcements, a] })),
      ),
      conn.subscribe('announcement_status', ({ announcements }) => set({ announcementStatus: announcements })),
    ];
    void conn.request('interaction:sync', {});
    return () => offs.forEach((off) => off());
  }, [conn]);
  return [state, setState];
}

/** A short, soft two-note chime (WebAudio); silently nothing where audio is unavailable. */
export function chime(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.08, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.45);
    gain.connect(ctx.destination);
    [660, 880].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.15);
      osc.stop(ctx.currentTime + 0.2 + i * 0.15);
    });
    setTimeout(() => void ctx.close(), 800);
  } catch {
    // A chime is a nicety: no audio device must not break the classroom.
  }
}
