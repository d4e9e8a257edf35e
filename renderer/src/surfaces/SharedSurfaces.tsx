import type { RoomConnection, TeacherApi } from '../../../shared/client';
import { CodeEditor } from './CodeEditor';
import { FilesPanel } from './FilesPanel';
import { Whiteboard } from './Whiteboard';
import './surfaces.css';

/** Whiteboard, code editor, file sharing (issue 6). */
export function SharedSurfaces({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student'; teacherApi?: TeacherApi }) {
  return (
    <div className="shared-surfaces">
      <Whiteboard conn={conn} role={role} />
      <CodeEditor conn={conn} role={role} />
      <FilesPanel conn={conn} role={role} />
    </div>
  );
}
