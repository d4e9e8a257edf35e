import { useId, type ReactNode } from 'react';

/** A labelled form control with an explicit `for`, so its accessible name is exactly `label`. */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field-stack">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
