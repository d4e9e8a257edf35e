/**
 * Raise hand, polls, timed quizzes, announcements and moderation (issue 5): the slot
 * ClassroomScreen renders for every participant. Everything comes from the host's events;
 * every action goes through conn.request and shows the host's typed refusal if any.
 */
import { useEffect, useState } from 'react';
import type { Participant } from '../../../shared';
import type { RoomConnection, TeacherApi } from '../../../shared/client';
import { StudentAnnouncements, TeacherAnnouncements } from './AnnouncementPanel';
import { HandsQueue, StudentHand } from './HandsPanel';
import { ModerationPanel } from './ModerationPanel';
import { StudentPoll, TeacherPoll } from './PollPanel';
import { StudentQuiz, TeacherQuiz } from './QuizPanel';
import { useInteraction } from './useInteraction';
import './interaction.css';

function useParticipants(conn: RoomConnection): readonly Participant[] {
  const [list, setList] = useState<readonly Participant[]>(conn.participants);
  useEffect(() => {
    setList(conn.participants);
    return conn.on('participants', (p) => setList(p));
  }, [conn]);
  return list;
}

export function InteractionPanel({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student'; teacherApi?: TeacherApi }) {
  const [state, setState] = useInteraction(conn);
  const participants = useParticipants(conn);
  const [removed, setRemoved] = useState<string | null>(null);
  useEffect(() => conn.subscribe('removed', ({ message }) => setRemoved(message)), [conn]);
  if (role === 'teacher') {
    return (
      <div className="interaction">
        <HandsQueue conn={conn} hands={state.hands} />
        <TeacherPoll conn={conn} poll={state.poll} />
        <TeacherQuiz conn={conn} report={state.quizReport} />
        <TeacherAnnouncements conn={conn} status={state.announcementStatus} />
        <ModerationPanel conn={conn} participants={participants} />
      </div>
    );
  }
  return (
    <div className="interaction">
      {removed && (
        <p role="alert" className="error">
          {removed}
        </p>
      )}
      <StudentAnnouncements
        conn={conn}
        announcements={state.announcements}
        onAcknowledged={(id) => setState((s) => ({ ...s, announcements: s.announcements.filter((a) => a.id !== id) }))}
      />
      <StudentHand conn={conn} hands={state.hands} />
      <StudentPoll conn={conn} poll={state.poll} />
      <StudentQuiz conn={conn} quiz={state.quiz} score={state.quizScore} />
    </div>
  );
}
