import type { Participant } from '../../../shared';

export function ParticipantList({ participants, youId }: { participants: readonly Participant[]; youId?: string }) {
  return (
    <section className="panel participants-panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading">
        In class <span className="count">{participants.length}</span>
      </h2>
      <ul aria-label="Participants" className="participants">
        {participants.map((p) => (
          <li key={p.id} className={`participant role-${p.role}`}>
            <span className="participant-name">
              {p.name}
              {p.id === youId ? ' (you)' : ''}
            </span>
            <span className="role-badge">{p.role === 'student' ? 'student' : 'teacher'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
