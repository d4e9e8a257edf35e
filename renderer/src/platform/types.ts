import type { CaptureSourcesReply, Result, RunningHost } from '../../../shared';
import type { DiscoverySnapshot } from '../../../shared/schemas/discovery';

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
  /**
   * "Classes nearby" found on the LAN (mDNS / UDP broadcast, desktop app only: a browser page
   * cannot listen for them). Null where discovery does not exist; the typed address still works.
   */
  nearbyClasses: (() => Promise<Result<DiscoverySnapshot>>) | null;
  /**
   * The desktop app's "Choose what to share" dialog: screens and windows with thumbnails, and
   * the pick the next getDisplayMedia shares. Null in a browser, which shows its own picker.
   */
  screenPicker: ScreenPickerApi | null;
}

export interface ScreenPickerApi {
  /** Screens and windows, and whether this OS can share system audio with them. */
  sources(): Promise<Result<CaptureSourcesReply>>;
  select(id: string): Promise<Result<unknown>>;
}
