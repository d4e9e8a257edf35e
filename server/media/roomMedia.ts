/**
 * Who may publish in a class and what is on air: pure state, no sockets and no WebRTC, so
 * the permission rule lives in one place. The rule: the stage belongs to the teacher unless
 * the teacher gave it to a student; only the stage's holder may publish.
 */
import type { Participant } from '../../shared';
import {
  DEFAULT_QUALITY,
  PUBLISH_SLOTS,
  type LinkLevel,
  type MediaSource,
  type MediaSources,
  type MediaState,
  type Quality,
} from '../../shared/schemas/media';
import { isTeacherRole } from '../services/sessions';

export interface Publisher {
  participant: Participant;
  socketId: string;
}

export const NOTHING_ON_AIR: MediaSources = { screen: false, camera: false, mic: 'off' };

export class RoomMedia {
  stageHolderId: string | null = null;
  publisher: Publisher | null = null;
  sources: MediaSources = NOTHING_ON_AIR;
  quality: Quality = DEFAULT_QUALITY;
  readonly links = new Map<string, LinkLevel>();

  /** True if this participant holds the stage right now. */
  mayPublish(p: Participant): boolean {
    return this.stageHolderId === null ? isTeacherRole(p.role) : this.stageHolderId === p.id;
  }

  isPublisherSocket(socketId: string): boolean {
    return this.publisher?.socketId === socketId;
  }

  /**
   * Records a new set of live sources; returns which sources started and which stopped, for
   * the stream_started / stream_stopped events.
   */
  setSources(next: MediaSources): { started: MediaSource[]; stopped: MediaSource[] } {
    const prev = this.sources;
    this.sources = { ...next };
    const on = (s: MediaSources, src: MediaSource) => (src === 'mic' ? s.mic !== 'off' : s[src]);
    return {
      started: PUBLISH_SLOTS.filter((src) => !on(prev, src) && on(next, src)),
      stopped: PUBLISH_SLOTS.filter((src) => on(prev, src) && !on(next, src)),
    };
  }

  snapshot(connectionId: string): MediaState {
    return {
      stageHolderId: this.stageHolderId,
      publisher: this.publisher ? { id: this.publisher.participant.id, name: this.publisher.participant.name } : null,
      sources: { ...this.sources },
      quality: this.quality,
      links: Object.fromEntries(this.links),
      connectionId,
    };
  }
}
