import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Participant } from '../../../shared';
import type { RoomConnection } from '../../../shared/client';
import { QUALITIES, type LinkLevel, type MediaState, type Quality } from '../../../shared/schemas/media';
import { MediaController, type MediaSnapshot } from './controller';
import { usePlatform } from '../platform/context';
import { ScreenPicker } from './ScreenPicker';
import './media.css';

/** The stage: the shared screen (the teacher's or a presenting student's) and camera tile. */
export function MediaStage({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student' }) {
  const [ctrl, setCtrl] = useState<MediaController | null>(null);
  useEffect(() => {
    const c = new MediaController(conn, role);
    setCtrl(c);
    return () => c.dispose();
  }, [conn, role]);
  return ctrl ? <Stage ctrl={ctrl} conn={conn} role={role} /> : null;
}

function Stage({ ctrl, conn, role }: { ctrl: MediaController; conn: RoomConnection; role: 'teacher' | 'student' }) {
  const snap = useSyncExternalStore(ctrl.subscribe, ctrl.getSnapshot);
  const participants = useParticipants(conn);
  const { state, local, remote } = snap;
  const meId = conn.you?.id;
  const mine = !!state?.publisher && state.publisher.id === meId;
  const onStage = ctrl.mayPublish();
  const screenStream = state?.sources.screen ? (mine ? local.screen : remote.screen) : null;
  const cameraStream = state?.sources.camera ? (mine ? local.camera : remote.camera) : null;
  const holder = participants.find((p) => p.id === state?.stageHolderId);
  // In the desktop app the teacher picks a screen or window (and system audio) first;
  // browsers show their own picker.
  const picker = usePlatform()?.screenPicker ?? null;
  const [picking, setPicking] = useState(false);

  return (
    <section className="media-stage panel" aria-label="Live media">
      {picking && picker && (
        <ScreenPicker
          api={picker}
          onCancel={() => setPicking(false)}
          onPicked={(withAudio) => {
            setPicking(false);
            void ctrl.shareScreen(withAudio);
          }}
        />
      )}
      <div className="stage-toolbar">
        {onStage && (
          <>
            {local.screen ? (
              <button onClick={ctrl.stopScreen} disabled={snap.busy}>
                Stop sharing
              </button>
            ) : (
              // A browser's own picker offers tab/system audio itself: always ask for it there.
              <button onClick={() => (picker ? setPicking(true) : void ctrl.shareScreen(true))} disabled={snap.busy}>
                Share screen
              </button>
            )}
            <button aria-pressed={!!local.camera} onClick={ctrl.toggleCamera} disabled={snap.busy}>
              Camera
            </button>
            <button aria-pressed={!!local.mic && !local.micMuted} onClick={ctrl.toggleMic} disabled={snap.busy}>
              Microphone
            </button>
            <label className="quality-select">
              Quality{' '}
              <select value={snap.quality} onChange={(e) => void ctrl.setQuality(e.target.value as Quality)}>
                {QUALITIES.map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {snap.systemAudio && <span className="stage-note">Sharing system audio</span>}
        {role === 'teacher' && <StageHandover ctrl={ctrl} state={state} participants={participants} />}
        {role === 'student' && state?.stageHolderId === meId && <span className="stage-note">You have the stage</span>}
        {state?.publisher && !mine && <span className="stage-note">Quality: {state.quality}</span>}
        {role === 'student' && <LinkIndicator link={snap.link} />}
      </div>
      <p className="stage-news" aria-live="polite" aria-label="Stage news">
        {snap.news}
      </p>
      {snap.error && (
        <p role="alert" className="error">
          {snap.error}
        </p>
      )}
      <div className="stage-area">
        <div role="region" aria-label="Stage" className="stage">
          {screenStream ? (
            <Video stream={screenStream} label={`${state?.publisher?.name ?? ''}'s screen`} />
          ) : (
            <p className="stage-empty">
              {holder ? `${holder.name} has the stage` : state?.publisher ? `${state.publisher.name} is live` : 'Nothing is being shared'}
            </p>
          )}
        </div>
        {state?.publisher && <OnAir state={state} cameraStream={cameraStream} mine={mine} micStream={mine ? null : remote.mic} />}
      </div>
      {role === 'teacher' && <StudentLinks state={state} participants={participants} />}
    </section>
  );
}

function OnAir({ state, cameraStream, mine, micStream }: { state: MediaState; cameraStream: MediaStream | null; mine: boolean; micStream: MediaStream | null }) {
  const mic = state.sources.mic;
  return (
    <aside className="camera-tile" aria-label="Presenter">
      {cameraStream ? <Video stream={cameraStream} label={`${state.publisher!.name}'s camera`} muted /> : <div className="camera-off">{state.publisher!.name}</div>}
      <div className="media-icons">
        <span role="img" aria-label={state.sources.camera ? 'Camera on' : 'Camera off'}>
          {state.sources.camera ? '📷' : '🚫📷'}
        </span>
        <span role="img" aria-label={mic === 'live' ? 'Microphone on' : mic === 'muted' ? 'Microphone muted' : 'Microphone off'}>
          {mic === 'live' ? '🎤' : '🔇'}
        </span>
      </div>
      {/* Our own microphone is never played back to us (echo). */}
      {!mine && mic === 'live' && micStream && <AudioOut stream={micStream} />}
    </aside>
  );
}

function StageHandover({ ctrl, state, participants }: { ctrl: MediaController; state: MediaState | null; participants: readonly Participant[] }) {
  const students = participants.filter((p) => p.role === 'student');
  const [chosen, setChosen] = useState('');
  const target = students.find((s) => s.id === chosen) ?? students[0];
  if (state?.stageHolderId) {
    return <button onClick={() => void ctrl.giveStage(null)}>Take back stage</button>;
  }
  return (
    <span className="stage-handover">
      <label>
        Student to present{' '}
        <select value={target?.id ?? ''} onChange={(e) => setChosen(e.target.value)} disabled={!students.length}>
          {students.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button disabled={!target} onClick={() => target && void ctrl.giveStage(target.id)}>
        Give stage
      </button>
    </span>
  );
}

const LEVEL_TEXT: Record<LinkLevel, string> = { good: 'good', fair: 'fair', poor: 'poor' };

function LinkIndicator({ link }: { link: MediaSnapshot['link'] }) {
  const [open, setOpen] = useState(false);
  if (!link) return null;
  const s = link.stats;
  return (
    <span className={`link-indicator link-${link.level}`}>
      <span role="status" aria-label={`Connection ${LEVEL_TEXT[link.level]}`}>
        ● {LEVEL_TEXT[link.level]}
      </span>
      <button className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        Connection details
      </button>
      {open && (
        <span className="link-details" aria-label="Connection numbers">
          {s.bitrateKbps} kbps · {s.fps} fps · {s.lossPercent}% loss · RTT {s.rttMs ?? '–'} ms
        </span>
      )}
    </span>
  );
}

function StudentLinks({ state, participants }: { state: MediaState | null; participants: readonly Participant[] }) {
  const students = participants.filter((p) => p.role === 'student');
  if (!students.length) return null;
  return (
    <ul className="student-links" aria-label="Student connections">
      {students.map((p) => {
        const level = state?.links[p.id];
        return (
          <li key={p.id} className={level ? `link-${level}` : undefined}>
            {p.name}: {level ?? 'unknown'}
          </li>
        );
      })}
    </ul>
  );
}

function Video({ stream, label, muted = true }: { stream: MediaStream; label: string; muted?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} autoPlay playsInline muted={muted} aria-label={label} />;
}

function AudioOut({ stream }: { stream: MediaStream }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  return <audio ref={ref} autoPlay />;
}

function useParticipants(conn: RoomConnection): readonly Participant[] {
  const [list, setList] = useState<readonly Participant[]>(conn.participants);
  useEffect(() => conn.on('participants', setList), [conn]);
  return list;
}
