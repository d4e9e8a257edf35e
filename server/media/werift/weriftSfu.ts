/**
 * The Sfu implemented with werift (pure TypeScript WebRTC: no native build, runs in Electron's
 * Node as-is). One PublisherLeg and many ViewerLegs per room; packets are fanned out here.
 */
import { randomUUID } from 'node:crypto';
import type { RtpPacket } from 'werift';
import { PUBLISH_SLOTS, QUALITY_PRESETS, type Quality } from '../../../shared/schemas/media';
import type { Logger } from '../../log';
import { createKeyframeThrottle, type KeyframeThrottle } from '../keyframeThrottle';
import { BadSdpError, UnknownLegError, type PublishRequest, type Sfu, type SfuEvents, type SfuStats } from '../sfu';
import type { IceOptions } from './peer';
import { PublisherLeg } from './publisherLeg';
import { ViewerLeg } from './viewerLeg';

export interface WeriftSfuOptions extends SfuEvents {
  log: Logger;
  ice?: IceOptions;
  /** At most one PLI per this many ms per stream towards the publisher. */
  pliIntervalMs?: number;
}

interface Publisher {
  leg: PublisherLeg;
  viewerId: string;
  /** One throttle per video slot (screen, camera); audio needs no keyframes. */
  throttles: KeyframeThrottle[];
}

interface Room {
  publisher?: Publisher;
  viewers: Map<string, ViewerLeg>;
  quality: Quality;
}

const AUDIO_BPS = 64_000;

export function createWeriftSfu(opts: WeriftSfuOptions): Sfu {
  const { log } = opts;
  const ice = opts.ice ?? {};
  const rooms = new Map<string, Room>();
  let packetsIn = 0;
  let packetsOut = 0;
  let keyframesSent = 0;
  let keyframesAsked = 0;

  const room = (roomId: string) => {
    let r = rooms.get(roomId);
    if (!r) rooms.set(roomId, (r = { viewers: new Map(), quality: 'medium' }));
    return r;
  };

  function fanOut(r: Room, publisherViewerId: string, slot: number, rtp: RtpPacket) {
    // Padding-only packets are bandwidth probes for the publisher's own link, not media.
    if (rtp.payload.length === 0) return;
    packetsIn++;
    for (const [viewerId, leg] of r.viewers) {
      if (viewerId === publisherViewerId || !leg.connected) continue;
      packetsOut++;
      leg.forward(slot, rtp);
    }
  }

  function keyframe(r: Room, slot: number) {
    if (slot > 1) return;
    keyframesAsked++;
    r.publisher?.throttles[slot]?.request();
  }

  async function closePublisher(p: Publisher) {
    p.throttles.forEach((t) => t.dispose());
    keyframesSent += p.throttles.reduce((n, t) => n + t.sent, 0);
    await p.leg.close();
  }

  return {
    async publish({ roomId, publisherViewerId, offerSdp, quality }: PublishRequest) {
      const r = room(roomId);
      r.quality = quality;
      if (r.publisher) await closePublisher(r.publisher);
      r.publisher = undefined;
      const leg: PublisherLeg = new PublisherLeg({
        ice,
        onRtp: (slot, rtp) => fanOut(r, publisherViewerId, slot, rtp),
        onState: (state) => {
          if (r.publisher?.leg !== leg) return;
          opts.onPublisherState?.(roomId, publisherViewerId, state);
        },
        bitrate: () => {
          const p = QUALITY_PRESETS[r.quality];
          return p.maxBitrate + p.cameraBitrate + AUDIO_BPS;
        },
      });
      const publisher: Publisher = {
        leg,
        viewerId: publisherViewerId,
        throttles: ['screen', 'camera'].map((source) =>
          createKeyframeThrottle(() => leg.requestKeyframe(source as 'screen' | 'camera'), opts.pliIntervalMs ?? 300),
        ),
      };
      r.publisher = publisher;
      try {
        const answerSdp = await leg.answer(offerSdp);
        log.info({ roomId, viewers: r.viewers.size }, 'media: publisher connected');
        return { answerSdp };
      } catch (err) {
        if (r.publisher === publisher) r.publisher = undefined;
        await closePublisher(publisher);
        log.info({ roomId, err: (err as Error).message }, 'media: publish offer refused');
        throw new BadSdpError((err as Error).message);
      }
    },

    async unpublish(roomId, publisherViewerId) {
      const r = rooms.get(roomId);
      const p = r?.publisher;
      if (!r || !p || (publisherViewerId && p.viewerId !== publisherViewerId)) return;
      r.publisher = undefined;
      await closePublisher(p);
    },

    setQuality(roomId, quality) {
      const r = room(roomId);
      r.quality = quality;
      r.publisher?.leg.sendRemb();
    },

    async subscribe(roomId, viewerId) {
      const r = room(roomId);
      const old = r.viewers.get(viewerId);
      const leg: ViewerLeg = new ViewerLeg(randomUUID(), {
        ice,
        onState: (state) => {
          if (r.viewers.get(viewerId) !== leg) return;
          if (state === 'failed' || state === 'closed') {
            r.viewers.delete(viewerId);
            void leg.close();
          }
          opts.onViewerState?.(roomId, viewerId, state);
        },
        onKeyframeNeeded: (slot) => keyframe(r, slot),
      });
      r.viewers.set(viewerId, leg);
      if (old) void old.close();
      const offerSdp = await leg.offer();
      return { legId: leg.legId, offerSdp };
    },

    async answer(roomId, viewerId, legId, answerSdp) {
      const leg = rooms.get(roomId)?.viewers.get(viewerId);
      if (!leg || leg.legId !== legId) throw new UnknownLegError();
      try {
        await leg.answer(answerSdp);
      } catch (err) {
        throw new BadSdpError((err as Error).message);
      }
    },

    requestKeyframe(roomId) {
      const r = rooms.get(roomId);
      if (r) PUBLISH_SLOTS.forEach((_, slot) => keyframe(r, slot));
    },

    async dropViewer(roomId, viewerId) {
      const r = rooms.get(roomId);
      const leg = r?.viewers.get(viewerId);
      if (!r || !leg) return;
      r.viewers.delete(viewerId);
      await leg.close();
    },

    async closeRoom(roomId) {
      const r = rooms.get(roomId);
      if (!r) return;
      rooms.delete(roomId);
      if (r.publisher) await closePublisher(r.publisher);
      await Promise.all([...r.viewers.values()].map((l) => l.close()));
    },

    stats(): SfuStats {
      let viewers = 0;
      let publishers = 0;
      let liveSent = 0;
      for (const r of rooms.values()) {
        viewers += r.viewers.size;
        if (r.publisher) {
          publishers++;
          for (const t of r.publisher.throttles) liveSent += t.sent;
        }
      }
      return {
        rooms: rooms.size,
        viewers,
        publishers,
        packetsIn,
        packetsOut,
        keyframeRequestsSent: keyframesSent + liveSent,
        keyframeRequestsAsked: keyframesAsked,
      };
    },

    async close() {
      await Promise.all([...rooms.keys()].map((id) => this.closeRoom(id)));
    },
  };
}
