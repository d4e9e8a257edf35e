import type { Result, RunningHost } from '../../../shared';

/**
 * The seam between the React app and where it runs. The app talks to classroom hosts only
 * over the network; the one power it needs from Electron (starting a host on this machine)
 * comes through here.
 */
export interface Platform {
  kind: 'web' | 'electron';
  /** Whether this device can host a class itself (desktop app only). */
  canHost: boolean;
  startHost(): Promise<Result<RunningHost>>;
  stopHost(): Promise<Result<unknown>>;
  /** Where to join by default: in a browser the page's own host; in the app, none yet. */
  defaultHostUrl(): string | null;
  /** A teacher token handed to this page (web: `?token=` of the teacher console URL). */
  takeTeacherToken(): string | null;
}
