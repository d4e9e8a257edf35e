/**
 * The lecture archive's read-only view of the whiteboard and the code editor: the documents
 * as the class left them, loaded from the host over the teacher API. Nothing here can edit.
 */
import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { TeacherApi } from '../../../shared/client';
import { BOARD_HEIGHT, BOARD_WIDTH, pageIds, pageStrokes, paint } from './boardModel';

export function SurfaceArchive({ api, lectureId }: { api: TeacherApi; lectureId: string }) {
  const [open, setOpen] = useState(false);
  const [board, setBoard] = useState<Y.Doc | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState('1');
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!open) return;
    void (async () => {
      const [b, c] = await Promise.all([api.surfaceState(lectureId, 'board'), api.surfaceState(lectureId, 'code')]);
      if (!b.ok) return setError(b.error.message);
      if (!c.ok) return setError(c.error.message);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, b.data);
      setBoard(doc);
      const codeDoc = new Y.Doc();
      Y.applyUpdate(codeDoc, c.data);
      setCode(codeDoc.getText('code').toString());
    })();
  }, [api, lectureId, open]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx && board) paint(ctx, pageStrokes(board, page).toArray());
  }, [board, page]);

  if (!open) {
    return (
      <section aria-labelledby="surf-h">
        <div className="section-head">
          <h2 id="surf-h">Whiteboard and code</h2>
          <button className="secondary" onClick={() => setOpen(true)}>
            Open whiteboard and code
          </button>
        </div>
      </section>
    );
  }
  const strokes = board ? pageStrokes(board, page).length : 0;
  return (
    <section aria-labelledby="surf-h">
      <h2 id="surf-h">Whiteboard and code (read only)</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {board && (
        <>
          <label>
            Page{' '}
            <select value={page} onChange={(e) => setPage(e.target.value)}>
              {pageIds(board).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <canvas
            ref={canvas}
            width={BOARD_WIDTH}
            height={BOARD_HEIGHT}
            style={{ width: '100%', border: '1px solid #ccc', borderRadius: 8 }}
            role="img"
            aria-label={`Archived whiteboard page ${page}, ${strokes} ${strokes === 1 ? 'stroke' : 'strokes'}`}
          />
        </>
      )}
      {code !== null && (
        <pre aria-label="Archived code" className="archived-code">
          {code || '(no code was written)'}
        </pre>
      )}
    </section>
  );
}
