import { useState } from 'react';
import type { HostInfo } from '../../../shared';
import type { ConnectionStatus, RoomConnection, TeacherApi } from '../../../shared/client';
import { LiveAttendance } from '../lectures/LiveAttendance';
import { ChatPanel } from '../components/ChatPanel';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ParticipantList } from '../components/ParticipantList';
import { RoomCodeDisplay } from '../components/RoomCodeDisplay';
import { SecurityWarning } from '../components/SecurityWarning';
import { InteractionPanel } from '../interaction/InteractionPanel';
import { MediaStage } from '../media/MediaStage';
import { SharedSurfaces } from '../surfaces/SharedSurfaces';
import { useConnection, useRoomConnection } from '../useConnection';
import { AddressQr } from '../components/AddressQr';

interface Props {
  session: { baseUrl: string; token: string; role: 'teacher' | 'student' };
  hostInfo?: HostInfo;
  /** The teacher's API (lectures, attendance); absent for students. */
  teacherApi?: TeacherApi;
  onStatus(status: ConnectionStatus): void;
  onLeft(): void;
  onOpenLectures?(): void;
}

export function ClassroomScreen({ session, hostInfo, teacherApi, onStatus, onLeft, onOpenLectures }: Props) {
  const conn = useRoomConnection(session, onStatus);
  return conn ? (
    <Classroom
      conn={conn}
      role={session.role}
      hostInfo={hostInfo}
      teacherApi={teacherApi}
      onLeft={onLeft}
      onOpenLectures={onOpenLectures}
    />
  ) : null;
}

function Classroom({
  conn,
  role,
  hostInfo,
  teacherApi,
  onLeft,
  onOpenLectures,
}: {
  conn: RoomConnection;
  role: 'teacher' | 'student';
  hostInfo?: HostInfo;
  teacherApi?: TeacherApi;
  onLeft(): void;
  onOpenLectures?(): void;
}) {
  const view = useConnection(conn);
  const [actionError, setActionError] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);

  async function send(text: string) {
    const res = await conn.sendMessage(text);
    return res.ok ? null : res.error.message;
  }

  async function leave() {
    await conn.leave();
    onLeft();
  }

  async function endClass() {
    setEnding(true);
    const res = await conn.endClass();
    setEnding(false);
    if (!res.ok) setActionError(res.error.message);
  }

  const code = view.room?.code;
  return (
    <div className="classroom">
      <ConnectionBanner status={view.status} />
      <header className="classroom-header">
        <div>
          <h1>{view.room?.name ?? 'Class'}</h1>
          {view.you && <p className="you">You are {view.you.name}</p>}
        </div>
        {role === 'student' && code && <RoomCodeDisplay code={code} size="small" />}
        <div className="header-actions">
          {role === 'teacher' ? (
            <>
              {onOpenLectures && (
                <button className="secondary" onClick={onOpenLectures}>
                  Lectures
                </button>
              )}
              <button className="danger" onClick={endClass} disabled={ending}>
                End class
              </button>
            </>
          ) : (
            <button className="secondary" onClick={leave}>
              Leave class
            </button>
          )}
        </div>
      </header>
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {role === 'teacher' && <SecurityWarning conn={conn} teacherApi={teacherApi} />}
      {role === 'teacher' && code && (
        <section className="teacher-board" aria-label="How students join">
          <RoomCodeDisplay code={code} />
          <div className="join-help">
            <p>Students open this address in a browser (or the app), then type the code:</p>
            <ul aria-label="Student addresses" className="student-urls">
              {(hostInfo?.studentUrls.length ? hostInfo.studentUrls : [window.location.origin]).map((u) => (
                <li key={u}>
                  <code>{u}</code>
                </li>
              ))}
            </ul>
            {hostInfo?.studentUrls[0] && <AddressQr url={hostInfo.studentUrls[0]} />}
          </div>
        </section>
      )}
      {/* Main column: what the class looks at. Side column: who is here and what they say. */}
      <div className="classroom-layout">
        <div className="classroom-main">
          <MediaStage conn={conn} role={role} />
          <SharedSurfaces conn={conn} role={role} teacherApi={teacherApi} />
        </div>
        <aside className="classroom-side" aria-label="Class">
          <ParticipantList participants={view.participants} youId={view.you?.id} />
          {view.features?.chat === false ? (
            <section className="panel chat-panel">
              <h2>Chat</h2>
              <p className="muted">Chat is turned off in this classroom.</p>
            </section>
          ) : (
            <ChatPanel
              messages={view.messages}
              youId={view.you?.id}
              onSend={send}
              disabled={view.status === 'ended' || view.status === 'refused'}
              conn={conn}
              role={role}
            />
          )}
          <InteractionPanel conn={conn} role={role} teacherApi={teacherApi} />
        </aside>
      </div>
      {role === 'teacher' && teacherApi && view.room && <LiveAttendance api={teacherApi} roomId={view.room.id} />}
    </div>
  );
}
