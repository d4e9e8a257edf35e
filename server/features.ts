/**
 * The classroom features the host runs (see ClassroomFeature in socket/classroom.ts). Each
 * feature registers its own socket events per connection and clears its live state when a
 * class ends. Add a feature here, with its schemas in shared/schemas/<feature>.ts.
 */
import type { Server } from 'socket.io';
import type { Domain } from './domain';
import type { Logger } from './log';
import { createInteraction } from './interaction';
import { createLiveMedia } from './media';
import { createSurfaces } from './surfaces/feature';
import type { Clock } from './services/clock';
import type { Presence } from './services/presence';
import type { ClassroomFeature } from './socket/classroom';
import type { Store } from './store/store';

export interface FeatureContext {
  io: Server;
  log: Logger;
  store: Store;
  domain: Domain;
  presence: Presence;
  clock: Clock;
  /** The interface the host binds (127.0.0.1 in tests keeps media on loopback). */
  bindHost: string;
  /** Upload limit for shared files (HostOptions.maxFileBytes). */
  maxFileBytes?: number;
}

export function createFeatures(ctx: FeatureContext): ClassroomFeature[] {
  return [
    createLiveMedia(ctx.io, ctx.log, { bindHost: ctx.bindHost }),
    createSurfaces(ctx, { maxFileBytes: ctx.maxFileBytes }),
    createInteraction(ctx),
  ];
}
