/**
 * Screen sharing (navigator.mediaDevices.getDisplayMedia). Electron rejects it unless the
 * session has a display-media handler; ours grants capture only to our own pages. The app's
 * "Choose what to share" dialog lists screens and windows with live thumbnails
 * (capture:sources) and records the teacher's pick (capture:select); the next getDisplayMedia
 * from that page shares exactly that source. Without a fresh pick (or where macOS 15+ shows
 * its own system picker) the first screen is shared.
 *
 * System audio: when the page asks for audio (the dialog's "Share system audio" box makes
 * the renderer call getDisplayMedia({ audio: true })) and this OS can capture it, the handler
 * adds `audio: 'loopback'`. Electron documents loopback for Windows; on Linux Chromium
 * captures it through PulseAudio's API, which PipeWire desktops serve. macOS cannot without
 * a third-party audio driver, so there the box is not shown and no audio is granted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DesktopCapturerSource, DisplayMediaRequestHandlerHandlerRequest, Session, Streams } from 'electron';
import type { CaptureSource } from '../shared';
import { isAppUrl } from './origin';

export type ListScreens = () => Promise<Pick<DesktopCapturerSource, 'id' | 'name'>[]>;

export interface DisplayMediaLogger {
  warn(obj: object, msg: string): void;
}

type Request = Pick<DisplayMediaRequestHandlerHandlerRequest, 'securityOrigin' | 'videoRequested'> & {
  frame: { readonly url: string } | null;
  /** The page asked for audio too (getDisplayMedia({ audio: true })). */
  audioRequested?: boolean;
};

/**
 * Whether this OS lets Electron capture system audio ('loopback'): Windows always; Linux
 * when PipeWire runs (its socket in XDG_RUNTIME_DIR, or PIPEWIRE_REMOTE set); never macOS.
 */
export function systemAudioSupported(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = fs.existsSync,
): boolean {
  if (platform === 'win32') return true;
  if (platform !== 'linux') return false;
  if (env.PIPEWIRE_REMOTE) return true;
  return !!env.XDG_RUNTIME_DIR && exists(path.join(env.XDG_RUNTIME_DIR, 'pipewire-0'));
}

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
  systemAudio: () => boolean = systemAudioSupported,
): Promise<Streams> {
  const url = frameUrl(request);
  if (!isAppUrl(request.securityOrigin) || (url !== undefined && !isAppUrl(url))) {
    log?.warn({ origin: request.securityOrigin, url }, 'refused screen capture to a foreign page');
    return {};
  }
  if (!request.videoRequested) return {};
  // Only when the page asked (the teacher ticked the box) and the OS can: never by default.
  const withAudio = (video: DesktopCapturerSource): Streams =>
    request.audioRequested && systemAudio() ? { video, audio: 'loopback' } : { video };
  try {
    const wanted = picked?.take();
    const screens = await listScreens();
    if (wanted) {
      const all = [...screens, ...((await listWindows?.()) ?? [])];
      const source = all.find((s) => s.id === wanted);
      if (source) return withAudio(source as DesktopCapturerSource);
      log?.warn({ id: wanted }, 'the picked source is gone; sharing the first screen');
    }
    const [screen] = screens;
    if (!screen) return {};
    return withAudio(screen as DesktopCapturerSource);
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
  systemAudio: () => boolean = systemAudioSupported,
): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      void chooseDisplayMedia(request, listScreens, log, picked, listWindows, systemAudio).then(callback);
    },
    { useSystemPicker: true },
  );
}
