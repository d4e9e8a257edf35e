/** The live-media feature wired to the werift SFU: what createHost registers. */
import type { Server } from 'socket.io';
import type { Logger } from '../log';
import { createMediaFeature } from './feature';
import type { IceOptions } from './werift/peer';
import { createWeriftSfu } from './werift/weriftSfu';
import { createWorkerSfu } from './worker/workerSfu';

/**
 * Where werift runs. 'worker' (the default): a worker thread, so media never delays chat.
 * 'inline': on the host's main thread, for debugging werift and for bench:media's comparison.
 */
export type SfuMode = 'worker' | 'inline';

/** TP_SFU=inline selects the in-process SFU (the CLI, Electron and tests all honour it). */
export function sfuModeFromEnv(env: NodeJS.ProcessEnv = process.env): SfuMode {
  return env.TP_SFU === 'inline' ? 'inline' : 'worker';
}

export function createLiveMedia(io: Server, log: Logger, opts: { bindHost?: string; ice?: IceOptions; sfu?: SfuMode } = {}) {
  const loopbackOnly = opts.bindHost === '127.0.0.1' || opts.bindHost === '::1' || opts.bindHost === 'localhost';
  const ice: IceOptions = { loopbackOnly, ...opts.ice };
  const mode = opts.sfu ?? sfuModeFromEnv();
  return createMediaFeature({
    io,
    log,
    createSfu: (events) =>
      mode === 'inline' ? createWeriftSfu({ ...events, log, ice }) : createWorkerSfu({ ...events, log, ice }),
  });
}
