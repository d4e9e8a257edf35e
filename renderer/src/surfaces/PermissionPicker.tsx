import { useState } from 'react';
import type { Participant } from '../../../shared';
import type { SurfacePermission } from '../../../shared/schemas/surfaces';

const MODE_LABELS: Record<SurfacePermission['mode'], string> = {
  teacher: 'Teacher only',
  everyone: 'Everyone',
  selected: 'Selected students',
};

/**
 * The teacher's "who may edit" control for one surface ("Give pen" on the board). The host
 * enforces the choice; this only asks for it.
 */
export function PermissionPicker(props: {
  label: string;
  legend: string;
  permission: SurfacePermission;
  students: Participant[];
  onChange(next: SurfacePermission): Promise<string | null>;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { permission } = props;

  async function change(next: SurfacePermission) {
    setError(await props.onChange(next));
  }
  function toggleStudent(id: string, on: boolean) {
    const ids = new Set(permission.participantIds);
    if (on) ids.add(id);
    else ids.delete(id);
    void change({ mode: 'selected', participantIds: [...ids] });
  }

  return (
    <div className="permission-picker">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {props.label}
      </button>
      {open && (
        <fieldset className="permission-popover">
          <legend>{props.legend}</legend>
          {(Object.keys(MODE_LABELS) as SurfacePermission['mode'][]).map((mode) => (
            <label key={mode}>
              <input
                type="radio"
                name={`${props.label}-mode`}
                checked={permission.mode === mode}
                onChange={() => void change({ mode, participantIds: permission.participantIds })}
              />
              {MODE_LABELS[mode]}
            </label>
          ))}
          {permission.mode === 'selected' &&
            (props.students.length === 0 ? (
              <p className="muted">No students are here yet.</p>
            ) : (
              props.students.map((s) => (
                <label key={s.id}>
                  <input
                    type="checkbox"
                    checked={permission.participantIds.includes(s.id)}
                    onChange={(e) => toggleStudent(s.id, e.target.checked)}
                  />
                  {s.name}
                </label>
              ))
            ))}
          {error && <p role="alert">{error}</p>}
        </fieldset>
      )}
    </div>
  );
}
