/** The teacher's classrooms: rename, maintenance on/off, delete. */
import { useState } from 'react';
import type { Classroom } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';

const STATUS_TEXT: Record<Classroom['status'], string> = {
  available: 'Available',
  scheduled: 'Scheduled',
  occupied: 'In use',
  maintenance: 'Maintenance',
};

export function ClassroomsTable({
  api,
  classrooms,
  onChanged,
  onError,
}: {
  api: TeacherApi;
  classrooms: readonly Classroom[];
  onChanged(): void;
  onError(message: string): void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');

  async function run(p: Promise<{ ok: boolean; error?: { message: string } }>) {
    const res = await p;
    if (!res.ok) return onError(res.error?.message ?? 'That did not work.');
    setRenaming(null);
    onChanged();
  }

  return (
    <table aria-label="Classrooms" className="data-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Seats</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {classrooms.map((c) => (
          <tr key={c.id}>
            <td>
              {renaming === c.id ? (
                <input
                  aria-label={`New name for ${c.name}`}
                  value={draft}
                  autoFocus
                  onChange={(e) => setDraft(e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && void run(api.updateClassroom(c.id, { name: draft }))}
                />
              ) : (
                c.name
              )}
            </td>
            <td>{c.capacity}</td>
            <td>{STATUS_TEXT[c.status]}</td>
            <td className="actions">
              {renaming === c.id ? (
                <>
                  <button onClick={() => run(api.updateClassroom(c.id, { name: draft }))}>Save</button>
                  <button className="secondary" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </>
              ) : (
                <>
                  <button
                    className="secondary"
                    onClick={() => {
                      setDraft(c.name);
                      setRenaming(c.id);
                    }}
                  >
                    Rename
                  </button>
                  <button
                    className="secondary"
                    onClick={() => run(api.updateClassroom(c.id, { maintenance: c.status !== 'maintenance' }))}
                  >
                    {c.status === 'maintenance' ? 'End maintenance' : 'Maintenance'}
                  </button>
                  <button className="danger" onClick={() => run(api.deleteClassroom(c.id))}>
                    Delete
                  </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
