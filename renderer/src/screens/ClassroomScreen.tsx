import { useState } from 'react';
import type { HostInfo } from '../../../shared';
import type { ConnectionStatus, RoomConnection } from '../../../shared/client';
import { ChatPanel } from '../components/ChatPanel';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ParticipantList } from '../components/ParticipantList';
import { RoomCodeDisplay } from '../components/RoomCodeDisplay';
import { MediaStage } from '../media/MediaStage';
import { useConnection, useRoomConnection } from '../useConnection';

interface Props {
  session: { baseUrl: string; token: string; role: 'teacher' | 'student' };
  hostInfo?: HostInfo;
  onStatus(status: ConnectionStatus): void;
  onLeft(): void;
}

export function ClassroomScreen({ session, hostInfo, onStatus, onLeft }: Props) {
  const conn = useRoomConnection(session, onStatus);
  return conn ? <Classroom conn={conn} role={session.role} hostInfo={hostInfo} onLeft={onLeft} /> : null;
}

function Classroom({
  conn,
  role,
  hostInfo,
  onLeft,
}: {
  conn: RoomConnection;
  role: 'teacher' | 'student';
  hostInfo?: HostInfo;
  onLeft(): void;
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
            <button className="danger" onClick={endClass} disabled={ending}>
              End class
            </button>
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
          </div>
        </section>
      )}
      <MediaStage conn={conn} role={role} />
      <div className="classroom-body">
        <ParticipantList participants={view.participants} youId={view.you?.id} />
        <ChatPanel
          messages={view.messages}
          youId={view.you?.id}
          onSend={send}
          disabled={view.status === 'ended' || view.status === 'refused'}
        />
      </div>
    </div>
  );
}
