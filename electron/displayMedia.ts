/**
 * Screen sharing (navigator.mediaDevices.getDisplayMedia). Electron rejects it unless the
 * session has a display-media handler; ours grants capture only to our own pages, never
 * system audio. The app's "Choose what to share" dialog lists screens and windows with live
 * thumbnails (capture:sources) and records the teacher's pick (capture:select); the next
 * getDisplayMedia from that page shares exactly that source. Without a fresh pick (or where
 * macOS 15+ shows its own system picker) the first screen is shared.
 */
import type { DesktopCapturerSource, DisplayMediaRequestHandlerHandlerRequest, Session, Streams } from 'electron';
import type { CaptureSource } from '../shared';
import { isAppUrl } from './origin';

export type ListScreens = () => Promise<Pick<DesktopCapturerSource, 'id' | 'name'>[]>;

export interface DisplayMediaLogger {
  warn(obj: object, msg: string): void;
}

type Request = Pick<DisplayMediaRequestHandlerHandlerRequest, 'securityOrigin' | 'videoRequested'> & {
  frame: { readonly url: string } | null;
};

/** A pick is good for one share started soon after it (the dialog closes, then the page asks). */
export const PICK_TTL_MS = 30_000;

function frameUrl(request: Request): string | undefined {
  try {
    return request.frame?.url;
  } catch {
    return undefined; // the frame is gone
  }
}

/** Remembers the source picked in the app's dialog, once, for a short while. */
export function createPickedSource(now: () => number = Date.now) {
  let picked: { id: string; at: number } | null = null;
  return {
    set(id: string) {
      picked = { id, at: now() };
    },
    /** The pick if still fresh; consumed so a later share asks again. */
    take(): string | null {
      const p = picked;
      picked = null;
      return p && now() - p.at <= PICK_TTL_MS ? p.id : null;
    },
  };
}
export type PickedSource = ReturnType<typeof createPickedSource>;

/** Chooses what to share for one request; `{}` refuses it. */
export async function chooseDisplayMedia(
  request: Request,
  listScreens: ListScreens,
  log?: DisplayMediaLogger,
  picked?: PickedSource,
  listWindows?: ListScreens,
): Promise<Streams> {
  const url = frameUrl(request);
  if (!isAppUrl(request.securityOrigin) || (url !== undefined && !isAppUrl(url))) {
    log?.warn({ origin: request.securityOrigin, url }, 'refused screen capture to a foreign page');
    return {};
  }
  if (!request.videoRequested) return {};
  try {
    const wanted = picked?.take();
    const screens = await listScreens();
    if (wanted) {
      const all = [...screens, ...((await listWindows?.()) ?? [])];
      const source = all.find((s) => s.id === wanted);
      if (source) return { video: source as DesktopCapturerSource };
      log?.warn({ id: wanted }, 'the picked source is gone; sharing the first screen');
    }
    const [screen] = screens;
    if (!screen) return {};
    return { video: screen as DesktopCapturerSource };
  } catch (err) {
    log?.warn({ err }, 'could not list screens to share');
    return {};
  }
}

/** Sources for the picker dialog, with thumbnails as data: URLs (allowed by our CSP's img-src). */
export function toCaptureSources(
  sources: Pick<DesktopCapturerSource, 'id' | 'name' | 'thumbnail'>[],
): CaptureSource[] {
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.id.startsWith('screen:') ? 'screen' : 'window',
    thumbnail: s.thumbnail.isEmpty() ? '' : s.thumbnail.toDataURL(),
  }));
}

export function installDisplayMediaHandler(
  session: Pick<Session, 'setDisplayMediaRequestHandler'>,
  listScreens: ListScreens,
  log?: DisplayMediaLogger,
  picked?: PickedSource,
  listWindows?: ListScreens,
): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      void chooseDisplayMedia(request, listScreens, log, picked, listWindows).then(callback);
    },
    { useSystemPicker: true },
  );
}
