/**
 * The shared code editor: CodeMirror 6 bound to a Y.Text with y-codemirror.next, so
 * concurrent typing converges (Yjs CRDT) and everyone sees named cursors and selections
 * (awareness). The teacher chooses the language for everyone and who may type; the host
 * refuses changes from anyone else.
 */
import { useEffect, useRef, useState } from 'react';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { java } from '@codemirror/lang-java';
import { cpp } from '@codemirror/lang-cpp';
import { html } from '@codemirror/lang-html';
import { css } from '@codemirror/lang-css';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { RoomConnection } from '../../../shared/client';
import { canEdit, useParticipants, usePermissions, useSurfaceSync } from './hooks';
import { PermissionPicker } from './PermissionPicker';

const LANGUAGES: Record<string, { label: string; ext: string; mode: () => Extension }> = {
  javascript: { label: 'JavaScript', ext: 'js', mode: () => javascript() },
  typescript: { label: 'TypeScript', ext: 'ts', mode: () => javascript({ typescript: true }) },
  python: { label: 'Python', ext: 'py', mode: () => python() },
  java: { label: 'Java', ext: 'java', mode: () => java() },
  cpp: { label: 'C/C++', ext: 'cpp', mode: () => cpp() },
  html: { label: 'HTML', ext: 'html', mode: () => html() },
  css: { label: 'CSS', ext: 'css', mode: () => css() },
};
/** The parts of CodeMirror's basic setup a shared editor needs; undo is Yjs's (own edits only). */
const editorBasics: Extension = [
  lineNumbers(),
  drawSelection(),
  highlightActiveLine(),
  indentOnInput(),
  bracketMatching(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  keymap.of([...yUndoManagerKeymap, ...defaultKeymap, indentWithTab]),
];
const CURSOR_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

export function CodeEditor({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student' }) {
  const { sync, error, setError } = useSurfaceSync(conn, 'code');
  const [permissions, setPermissions] = usePermissions(conn);
  const { you, students } = useParticipants(conn);
  const mayType = canEdit(permissions, 'code', you, role);
  const [language, setLanguage] = useState('javascript');
  useEffect(() => setError(null), [mayType, setError]);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const langSlot = useRef(new Compartment());
  const editSlot = useRef(new Compartment());

  useEffect(() => {
    if (!sync || !host.current) return;
    const ytext = sync.doc.getText('code');
    const meta = sync.doc.getMap<string>('meta');
    const undoManager = new Y.UndoManager(ytext);
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          editorBasics,
          langSlot.current.of(LANGUAGES[meta.get('language') ?? 'javascript']!.mode()),
          editSlot.current.of([EditorState.readOnly.of(!mayType), EditorView.editable.of(mayType)]),
          yCollab(ytext, sync.awareness, { undoManager }),
          EditorView.contentAttributes.of({ 'aria-label': 'Shared code' }),
        ],
      }),
    });
    view.current = v;
    const onMeta = () => {
      const lang = meta.get('language') ?? 'javascript';
      if (!LANGUAGES[lang]) return;
      setLanguage(lang);
      v.dispatch({ effects: langSlot.current.reconfigure(LANGUAGES[lang]!.mode()) });
    };
    meta.observe(onMeta);
    onMeta();
    return () => {
      meta.unobserve(onMeta);
      undoManager.destroy();
      v.destroy();
      view.current = null;
    };
    // The editor is built once per document; editability is reconfigured below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sync]);

  // Our name and colour on the cursor others see; `you` arrives with the room state.
  useEffect(() => {
    if (!sync) return;
    const name = you?.name ?? (role === 'teacher' ? 'Teacher' : 'Student');
    const colour = CURSOR_COLOURS[Math.abs(hash(you?.id ?? name)) % CURSOR_COLOURS.length]!;
    sync.awareness.setLocalStateField('user', { name, color: colour, colorLight: `${colour}33` });
  }, [sync, you?.id, you?.name, role]);

  useEffect(() => {
    view.current?.dispatch({ effects: editSlot.current.reconfigure([EditorState.readOnly.of(!mayType), EditorView.editable.of(mayType)]) });
  }, [mayType, sync]);

  function download() {
    if (!sync) return;
    const blob = new Blob([sync.doc.getText('code').toString()], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement('a'), { href: url, download: `code.${LANGUAGES[language]!.ext}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function changePermission(next: (typeof permissions)['code']) {
    const before = permissions;
    setPermissions({ ...permissions, code: next }); // shown at once; the host's answer settles it
    const res = await conn.request('surface:permission', { surface: 'code', permission: next });
    if (!res.ok) return setPermissions(before), res.error.message;
    setPermissions(res.data);
    return null;
  }

  return (
    <section className="panel surface code-editor" aria-label="Code editor">
      <h2>Code editor</h2>
      <div className="surface-toolbar">
        <label>
          Language
          <select
            value={language}
            disabled={role !== 'teacher'}
            onChange={(e) => sync?.doc.getMap<string>('meta').set('language', e.target.value)}
          >
            {Object.entries(LANGUAGES).map(([id, l]) => (
              <option key={id} value={id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={download} disabled={!sync}>
          Download file
        </button>
        {role === 'teacher' && (
          <PermissionPicker label="Who can type" legend="Who may type" permission={permissions.code} students={students} onChange={changePermission} />
        )}
        {!mayType && <span className="muted">Read only: the teacher decides who types.</span>}
      </div>
      {error && (
        <p role="alert" className="surface-error">
          {error}
        </p>
      )}
      <div ref={host} className="code-host" />
    </section>
  );
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
