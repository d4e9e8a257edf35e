/**
 * The app's screens and how one leads to another:
 * Home → Join → Classroom (student); Home → Host → Classroom (teacher) → Class ended.
 * A reload resumes from sessionStorage; the teacher console URL (?token=) enters directly.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostInfo } from '../../shared';
import { enterAsTeacher, joinClass, TeacherApi, type ConnectionStatus } from '../../shared/client';
import { ArchiveScreen } from './lectures/ArchiveScreen';
import { LecturesScreen } from './lectures/LecturesScreen';
import { joinByCode } from '../../shared/client/joinByCode';
import type { NearbyClass } from '../../shared/schemas/discovery';
import { detectPlatform, type Platform } from './platform';
import { PlatformContext } from './platform/context';
import { ClassEndedScreen } from './screens/ClassEndedScreen';
import { ClassroomScreen } from './screens/ClassroomScreen';
import { HomeScreen } from './screens/HomeScreen';
import { JoinScreen } from './screens/JoinScreen';
import { clearSession, loadSession, saveSession, type StoredSession } from './session/storage';

/** One API client per teacher session (cached so screens keep a stable reference). */
const apis = new Map<string, TeacherApi>();
function teacherApi(s: StoredSession): TeacherApi {
  const key = `${s.baseUrl} ${s.teacherToken}`;
  let api = apis.get(key);
  if (!api) apis.set(key, (api = new TeacherApi(s.baseUrl, s.teacherToken ?? '')));
  return api;
}

type View =
  | { name: 'loading' }
  | { name: 'home'; notice?: string }
  | { name: 'join'; error?: string }
  | { name: 'classroom'; session: StoredSession; hostInfo?: HostInfo }
  | { name: 'ended'; session: StoredSession; error?: string }
  | { name: 'dashboard'; session: StoredSession }
  | { name: 'archive'; session: StoredSession; lectureId: string };

export function App({ platform = detectPlatform() }: { platform?: Platform }) {
  const [view, setView] = useState<View>({ name: 'loading' });
  const [busy, setBusy] = useState(false);

  const enterClassroom = useCallback((session: StoredSession, hostInfo?: HostInfo) => {
    saveSession(session);
    setView({ name: 'classroom', session, hostInfo });
  }, []);

  const enterTeacher = useCallback(
    async (baseUrl: string, teacherToken: string, opts: { newClass?: boolean; lectureId?: string } = {}) => {
      setBusy(true);
      const res = await enterAsTeacher(baseUrl, teacherToken, opts);
      setBusy(false);
      if (!res.ok) {
        clearSession();
        return setView({ name: 'home', notice: res.error.message });
      }
      enterClassroom({ baseUrl, token: res.data.token, role: 'teacher', teacherToken }, res.data.host);
    },
    [enterClassroom],
  );

  // First render: teacher link, a session to resume, or the home screen. Once only, even
  // under StrictMode's double effects (the teacher token is taken out of the URL).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const teacherToken = platform.takeTeacherToken();
    const origin = platform.defaultHostUrl();
    if (teacherToken && origin) return void enterTeacher(origin, teacherToken);
    const stored = loadSession();
    if (stored?.role === 'teacher' && stored.teacherToken) return void enterTeacher(stored.baseUrl, stored.teacherToken);
    if (stored) return enterClassroom(stored);
    setView({ name: 'home' });
  }, [platform, enterTeacher, enterClassroom]);

  // While in class: follow the connection to the end of the class or a refusal.
  function onStatus(status: ConnectionStatus) {
    if (view.name !== 'classroom') return;
    const { session } = view;
    if (status === 'ended') {
      if (session.role === 'teacher') return setView({ name: 'ended', session });
      clearSession();
      setView({ name: 'home', notice: 'The teacher ended the class. Thanks for joining!' });
    } else if (status === 'refused') {
      clearSession();
      setView({ name: 'home', notice: 'You are no longer in this class. Join again with the room code.' });
    }
  }

  async function hostClass() {
    setBusy(true);
    const res = await platform.startHost();
    setBusy(false);
    if (!res.ok) return setView({ name: 'home', notice: res.error.message });
    await enterTeacher(res.data.url, res.data.teacherToken);
  }

  async function join(req: { hostUrl: string | null; nearby?: NearbyClass[]; code: string; name: string }) {
    setBusy(true);
    const creds = { code: req.code, name: req.name };
    // No address typed: try the code on each class nearby until one has it.
    const res = req.hostUrl
      ? await joinClass(req.hostUrl, creds).then((r) => (r.ok ? { ...r, data: { hostUrl: req.hostUrl!, session: r.data } } : r))
      : await joinByCode(req.nearby ?? [], creds);
    setBusy(false);
    if (!res.ok) return setView({ name: 'join', error: res.error.message });
    enterClassroom({ baseUrl: res.data.hostUrl, token: res.data.session.token, role: 'student' });
  }

  function leftClass() {
    clearSession();
    setView({ name: 'home', notice: 'You left the class.' });
  }

  async function stopHosting() {
    clearSession();
    if (platform.canHost) await platform.stopHost();
    setView({ name: 'home' });
  }

  const defaultHostUrl = useMemo(() => platform.defaultHostUrl(), [platform]);

  return <PlatformContext.Provider value={platform}>{renderView()}</PlatformContext.Provider>;

  function renderView() {
    switch (view.name) {
      case 'loading':
        return <p className="loading">Loading…</p>;
      case 'home':
        return (
          <HomeScreen
            canHost={platform.canHost}
            notice={view.notice}
            busy={busy}
            onHost={hostClass}
            onJoin={() => setView({ name: 'join' })}
          />
        );
      case 'join':
        return (
          <JoinScreen
            defaultHostUrl={defaultHostUrl}
            error={view.error}
            busy={busy}
            onJoin={join}
            onBack={() => setView({ name: 'home' })}
            nearbyClasses={platform.nearbyClasses}
          />
        );
      case 'classroom':
        return (
          <ClassroomScreen
            key={view.session.token}
            session={view.session}
            hostInfo={view.hostInfo}
            teacherApi={view.session.role === 'teacher' ? teacherApi(view.session) : undefined}
            onStatus={onStatus}
            onLeft={leftClass}
            onOpenLectures={
              view.session.role === 'teacher' ? () => setView({ name: 'dashboard', session: view.session }) : undefined
            }
          />
        );
      case 'ended':
        return (
          <ClassEndedScreen
            canStopHosting={platform.canHost}
            busy={busy}
            error={view.error}
            onNewClass={() => enterTeacher(view.session.baseUrl, view.session.teacherToken ?? '', { newClass: true })}
            onLectures={() => setView({ name: 'dashboard', session: view.session })}
            onHome={stopHosting}
          />
        );
      case 'dashboard':
        return (
          <LecturesScreen
            api={teacherApi(view.session)}
            onEnterLecture={(l) => enterTeacher(view.session.baseUrl, view.session.teacherToken ?? '', { lectureId: l.id })}
            onOpenArchive={(l) => setView({ name: 'archive', session: view.session, lectureId: l.id })}
            onQuickClass={() => enterTeacher(view.session.baseUrl, view.session.teacherToken ?? '', { newClass: true })}
          />
        );
      case 'archive':
        return (
          <ArchiveScreen
            api={teacherApi(view.session)}
            lectureId={view.lectureId}
            onBack={() => setView({ name: 'dashboard', session: view.session })}
          />
        );
    }
  }
}
