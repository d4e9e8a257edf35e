/**
 * The desktop app's own origin (app://teaching-playground) and the one check every other
 * module uses to decide whether a URL belongs to it.
 */
import { APP_ORIGIN } from '../shared';

export { APP_ORIGIN };

/** Scheme of the app's custom protocol ('app'). */
export const APP_SCHEME = new URL(APP_ORIGIN).protocol.replace(/:$/, '');

/** Host part of the app origin ('teaching-playground'). */
export const APP_HOST = APP_ORIGIN.slice(`${APP_SCHEME}://`.length);

/** The page the main window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * True only for URLs on exactly our origin. A plain `startsWith(APP_ORIGIN)` would also accept
 * `app://teaching-playground.evil/` or `app://teaching-playground@evil/`, so the character after
 * the origin must end it.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || !url.startsWith(APP_ORIGIN)) return false;
  const rest = url.slice(APP_ORIGIN.length);
  return rest === '' || rest.startsWith('/') || rest.startsWith('?') || rest.startsWith('#');
}
