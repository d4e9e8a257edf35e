/** The live-media feature wired to the werift SFU: what createHost registers. */
import type { Server } from 'socket.io';
import type { Logger } from '../log';
import { createMediaFeature } from './feature';
import type { IceOptions } from './werift/peer';
import { createWeriftSfu } from './werift/weriftSfu';

export function createLiveMedia(io: Server, log: Logger, opts: { bindHost?: string; ice?: IceOptions } = {}) {
  const loopbackOnly = opts.bindHost === '127.0.0.1' || opts.bindHost === '::1' || opts.bindHost === 'localhost';
  const ice: IceOptions = { loopbackOnly, ...opts.ice };
  return createMediaFeature({ io, log, createSfu: (events) => createWeriftSfu({ ...events, log, ice }) });
}
