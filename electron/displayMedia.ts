/**
 * Screen sharing (navigator.mediaDevices.getDisplayMedia). Electron rejects it unless the
 * session has a display-media handler; ours grants a screen only to our own pages, never
 * system audio. On macOS 15+ the system picker is used; elsewhere the first screen is shared.
 */
import type { DesktopCapturerSource, DisplayMediaRequestHandlerHandlerRequest, Session, Streams } from 'electron';
import { isAppUrl } from './origin';

export type ListScreens = () => Promise<Pick<DesktopCapturerSource, 'id' | 'name'>[]>;

export interface DisplayMediaLogger {
  warn(obj: object, msg: string): void;
}

type Request = Pick<DisplayMediaRequestHandlerHandlerRequest, 'securityOrigin' | 'videoRequested'> & {
  frame: { readonly url: string } | null;
};

function frameUrl(request: Request): string | undefined {
  try {
    return request.frame?.url;
  } catch {
    return undefined; // the frame is gone
  }
}

/** Chooses what to share for one request; `{}` refuses it. */
export async function chooseDisplayMedia(request: Request, listScreens: ListScreens, log?: DisplayMediaLogger): Promise<Streams> {
  const url = frameUrl(request);
  if (!isAppUrl(request.securityOrigin) || (url !== undefined && !isAppUrl(url))) {
    log?.warn({ origin: request.securityOrigin, url }, 'refused screen capture to a foreign page');
    return {};
  }
  if (!request.videoRequested) return {};
  try {
    const [screen] = await listScreens();
    if (!screen) return {};
    return { video: screen as DesktopCapturerSource };
  } catch (err) {
    log?.warn({ err }, 'could not list screens to share');
    return {};
  }
}

export function installDisplayMediaHandler(
  session: Pick<Session, 'setDisplayMediaRequestHandler'>,
  listScreens: ListScreens,
  log?: DisplayMediaLogger,
): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      void chooseDisplayMedia(request, listScreens, log).then(callback);
    },
    { useSystemPicker: true },
  );
}
