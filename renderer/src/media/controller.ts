/**
 * Everything media for one classroom page, outside React: the viewer leg, the publisher leg
 * when this person is on stage, local capture, and the state the host announces. MediaStage
 * renders `snapshot` and calls the actions. Actions run one at a time (a queue), so a fast
 * double click cannot race two publications.
 */
import type { RoomConnection } from '../../../shared/client';
import type { Participant } from '../../../shared';
import {
  DEFAULT_QUALITY,
  type LinkLevel,
  type MediaSources,
  type MediaState,
  type Quality,
} from '../../../shared/schemas/media';
import { AudioSlot, slotMicState } from './audioMix';
import { LinkMeter, levelOf, type LinkStats } from './linkQuality';
import { Publisher } from './publisher';
import { Viewer, type RemoteStreams } from './viewer';

export interface LocalMedia {
  /** The screen share; its audio track, if any, is the system (or tab) audio. */
  screen: MediaStream | null;
  camera: MediaStream | null;
  mic: MediaStream | null;
  micMuted: boolean;
}

export interface MediaSnapshot {
  state: MediaState | null;
  remote: RemoteStreams;
  local: LocalMedia;
  quality: Quality;
  link: { level: LinkLevel; stats: LinkStats } | null;
  error: string | null;
  busy: boolean;
  /** Our screen share carries system audio (mixed into the audio slot). */
  systemAudio: boolean;
  /** The latest stream_started / stream_stopped, in words. */
  news: string;
}

const SOURCE_WORDS = { screen: 'screen', camera: 'camera', mic: 'microphone' } as const;

const LINK_SAMPLE_MS = 2000;
const REPUBLISH_MS = 500;

export class MediaController {
  snapshot: MediaSnapshot;
  private listeners = new Set<() => void>();
  private viewer: Viewer;
  private publisher: Publisher | null = null;
  private local: LocalMedia = { screen: null, camera: null, mic: null, micMuted: false };
  private audio = new AudioSlot();
  private queue: Promise<unknown> = Promise.resolve();
  private offs: (() => void)[] = [];
  private meter = new LinkMeter();
  private linkTimer: ReturnType<typeof setInterval>;
  private reportedLevel: LinkLevel | null = null;
  private link: MediaSnapshot['link'] = null;
  private state: MediaState | null = null;
  private quality: Quality = DEFAULT_QUALITY;
  private error: string | null = null;
  private busy = false;
  private news = '';

  constructor(
    private readonly conn: RoomConnection,
    private readonly role: 'teacher' | 'student',
  ) {
    this.viewer = new Viewer(conn, (state) => {
      // A subscribe reply's state may be older than media_state events already applied
      // (they are sent in order, replies are not ordered with them): use it only as a start.
      if (state && !this.state) this.acceptState(state, false);
      this.publish();
    });
    this.snapshot = this.build();
    this.offs.push(
      conn.subscribe('media_state', (s) => {
        this.acceptState(s, true);
        void this.viewer.ensure(s.connectionId);
      }),
      conn.subscribe('media_leg_failed', () => this.viewer.renew()),
      conn.on('status', (s) => s === 'connected' && void this.viewer.ensure()),
      conn.subscribe('stream_started', (e) => this.announce(`${e.name} started sharing their ${SOURCE_WORDS[e.source]} (${e.quality} quality)`)),
      conn.subscribe('stream_stopped', (e) => this.announce(`${e.name} stopped sharing their ${SOURCE_WORDS[e.source]}`)),
    );
    if (conn.status === 'connected') void this.viewer.ensure();
    this.linkTimer = setInterval(() => void this.sampleLink(), LINK_SAMPLE_MS);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snapshot;

  get me(): Participant | undefined {
    return this.conn.you;
  }

  /** The stage is ours: we are the teacher and nobody holds it, or we were given it. */
  mayPublish(state = this.state): boolean {
    const holder = state?.stageHolderId ?? null;
    return holder === null ? this.role === 'teacher' : holder === this.me?.id;
  }

  // ---- actions ----

  /**
   * `withAudio`: ask for system audio too. A browser's own picker then offers "share tab/system
   * audio" to the user; in the desktop app it is the picker's "Share system audio" box, and
   * Electron's display-media handler answers with loopback audio (electron/displayMedia.ts).
   */
  shareScreen = (withAudio = false) =>
    this.run(async () => {
      // Electron serves this through its setDisplayMediaRequestHandler; browsers show a picker.
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: withAudio });
      const track = stream.getVideoTracks()[0]!;
      track.contentHint = 'detail'; // text and slides: sharpness over motion
      // The browser's own "Stop sharing" bar ends the track.
      track.addEventListener('ended', () => this.local.screen === stream && this.stopScreen());
      this.local.screen = stream;
      await this.sync();
    });

  stopScreen = () =>
    this.run(async () => {
      stopAll(this.local.screen);
      this.local.screen = null;
      await this.sync();
    });

  toggleCamera = () =>
    this.run(async () => {
      if (this.local.camera) {
        stopAll(this.local.camera);
        this.local.camera = null;
      } else {
        this.local.camera = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
      }
      await this.sync();
    });

  /** Off → live → muted → live…; a long-press style "off" is the stop of sharing. */
  toggleMic = () =>
    this.run(async () => {
      if (!this.local.mic) {
        this.local.mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
        this.local.micMuted = false;
      } else {
        this.local.micMuted = !this.local.micMuted;
        // Muting keeps the track (no re-prompt) but sends silence.
        this.local.mic.getAudioTracks().forEach((t) => (t.enabled = !this.local.micMuted));
      }
      await this.sync();
    });

  setQuality = (q: Quality) =>
    this.run(async () => {
      this.quality = q;
      await this.sync();
    });

  giveStage = (participantId: string | null) =>
    this.run(async () => {
      const res = await this.conn.request('media:stage', { participantId });
      if (!res.ok) throw new Error(res.error.message);
      this.acceptState(res.data, true);
    });

  // ---- internals ----

  private systemAudioTrack(): MediaStreamTrack | null {
    return this.local.screen?.getAudioTracks().find((t) => t.readyState === 'live') ?? null;
  }

  private sources(): MediaSources {
    return {
      screen: !!this.local.screen,
      camera: !!this.local.camera,
      mic: slotMicState(this.local.mic ? (this.local.micMuted ? 'muted' : 'live') : 'off', !!this.systemAudioTrack()),
    };
  }

  /** Brings the publisher leg and the host in line with our local sources. */
  private async sync() {
    const sources = this.sources();
    const anything = sources.screen || sources.camera || sources.mic !== 'off';
    if (!anything) {
      this.audio.close();
      if (this.publisher) {
        this.publisher.close();
        this.publisher = null;
        await this.conn.request('media:unpublish', {});
      }
      return;
    }
    if (!this.publisher) {
      // Not at once: when the host ends our leg (stage taken back), its media_state should
      // arrive first and end the publication instead of a doomed republish.
      const pub: Publisher = new Publisher(this.quality, () => setTimeout(() => void this.republish(pub), REPUBLISH_MS));
      await this.attachTracks(pub);
      this.publisher = pub;
      const refused = await pub.publish(this.conn, sources);
      if (refused) {
        this.teardownLocal();
        throw new Error(refused);
      }
      return;
    }
    await this.attachTracks(this.publisher);
    await this.publisher.setQuality(this.quality);
    const res = await this.conn.request('media:update', { sources, quality: this.quality });
    if (!res.ok) {
      this.teardownLocal();
      throw new Error(res.error.message);
    }
  }

  private async attachTracks(pub: Publisher) {
    await pub.setTrack('screen', this.local.screen?.getVideoTracks()[0] ?? null);
    await pub.setTrack('camera', this.local.camera?.getVideoTracks()[0] ?? null);
    await pub.setTrack('mic', this.audio.trackFor(this.local.mic?.getAudioTracks()[0] ?? null, this.systemAudioTrack()));
  }

  /** Our publisher connection failed: publish again with the same tracks. */
  private republish = (failed: Publisher) =>
    this.run(async () => {
      if (this.publisher !== failed) return; // already replaced, or the publication ended
      failed.close();
      this.publisher = null;
      await this.sync();
    });

  private teardownLocal() {
    stopAll(this.local.screen);
    stopAll(this.local.camera);
    stopAll(this.local.mic);
    this.local = { screen: null, camera: null, mic: null, micMuted: false };
    this.audio.close();
    this.publisher?.close();
    this.publisher = null;
  }

  /** `current`: the host's latest word (an event or a fresh reply), so it may end our share. */
  private acceptState(s: MediaState, current: boolean) {
    this.state = s;
    // The host ended our publication (stage handed over, replaced): stop capturing.
    const me = this.me?.id;
    const ended = current && !this.busy && !!me && s.publisher?.id !== me;
    if (this.publisher && (ended || (current && !this.mayPublish(s)))) this.teardownLocal();
    if (s.publisher?.id !== this.me?.id) this.quality = s.quality;
    this.publish();
  }

  private announce(text: string) {
    this.news = text;
    this.publish();
  }

  private async sampleLink() {
    const pc = this.viewer.pc;
    if (!pc || pc.connectionState !== 'connected') return;
    const stats = await this.meter.sample(pc);
    const level = levelOf(stats);
    this.link = { level, stats };
    if (level !== this.reportedLevel && this.state?.publisher?.id !== this.me?.id) {
      this.reportedLevel = level;
      void this.conn.request('media:link', { level });
    }
    this.publish();
  }

  private run(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      this.busy = true;
      this.error = null;
      this.publish();
      try {
        await fn();
      } catch (err) {
        this.error = err instanceof Error ? err.message : String(err);
      } finally {
        this.busy = false;
        this.publish();
      }
    });
    this.queue = next;
    return next;
  }

  private build(): MediaSnapshot {
    return {
      state: this.state,
      remote: { ...this.viewer.streams },
      local: { ...this.local },
      quality: this.quality,
      link: this.link,
      error: this.error,
      busy: this.busy,
      systemAudio: !!this.systemAudioTrack(),
      news: this.news,
    };
  }

  private publish() {
    this.snapshot = this.build();
    this.listeners.forEach((fn) => fn());
  }

  dispose(): void {
    this.offs.forEach((off) => off());
    clearInterval(this.linkTimer);
    this.teardownLocal();
    this.viewer.close();
    this.audio.close();
  }
}

function stopAll(stream: MediaStream | null) {
  stream?.getTracks().forEach((t) => t.stop());
}
