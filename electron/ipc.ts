/**
 * IPC handlers for the embedded host. Every call checks who is asking (only our own app://
 * pages), parses its payload, and answers with the shared Result shape; nothing throws across
 * the IPC boundary.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  CaptureSelectSchema,
  fail,
  HostStartRequestSchema,
  IPC,
  ok,
  type CaptureSource,
  type CaptureSourcesReply,
  type HostStatus,
  type Result,
  type RunningHost,
} from '../shared';
import type { Logger } from '../server/log';
import type { DiscoveryService } from './discovery';
import type { HostController } from './hostController';
import type { DiscoverySnapshot } from '../shared/schemas/discovery';
import { systemAudioSupported } from './displayMedia';
import { isAppUrl } from './origin';

export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>;

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

/** URL of the frame that sent the message; undefined if it is gone (reading it can throw then). */
function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    return undefined;
  }
}

/** True only if the message came from one of our own app:// pages. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  return isAppUrl(senderUrl(event));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The screen picker's two calls (see displayMedia.ts). */
export interface CapturePicker {
  sources(): Promise<CaptureSource[]>;
  select(id: string): void;
  /** Whether the picker may offer system audio; default: what this OS allows. */
  systemAudio?(): boolean;
}

export function registerIpc(
  ipcMain: IpcRegistrar,
  hosts: HostController,
  log: Logger,
  discovery?: DiscoveryService,
  capture?: CapturePicker,
): () => void {
  const guarded =
    (channel: string, handler: (args: unknown[]) => Promise<Result<unknown>>): Handler =>
    async (event, ...args) => {
      if (!isTrustedSender(event)) {
        log.warn({ channel, url: senderUrl(event) }, 'refused IPC from an untrusted frame');
        return fail('FORBIDDEN', 'This request did not come from the Teaching Playground app.');
      }
      try {
        return await handler(args);
      } catch (err) {
        log.error({ err, channel }, 'IPC handler failed');
        return fail('INTERNAL', `${channel} failed: ${message(err)}`);
      }
    };

  const noArgs = (args: unknown[]) => args.length === 0 || (args.length === 1 && args[0] === undefined);

  const handlers: Record<string, Handler> = {
    [IPC.hostStart]: guarded(IPC.hostStart, async (args): Promise<Result<RunningHost>> => {
      if (args.length > 1) return fail('BAD_REQUEST', 'host:start takes one argument.');
      const parsed = HostStartRequestSchema.safeParse(args[0]);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
        return fail('BAD_REQUEST', `Invalid host:start request (${detail}).`);
      }
      return ok(await hosts.start(parsed.data));
    }),
    [IPC.hostStop]: guarded(IPC.hostStop, async (args): Promise<Result<HostStatus>> => {
      if (!noArgs(args)) return fail('BAD_REQUEST', 'host:stop takes no arguments.');
      await hosts.stop();
      return ok({ running: null });
    }),
    [IPC.hostStatus]: guarded(IPC.hostStatus, async (args): Promise<Result<HostStatus>> => {
      if (!noArgs(args)) return fail('BAD_REQUEST', 'host:status takes no arguments.');
      return ok({ running: hosts.status() });
    }),
    [IPC.discoveryList]: guarded(IPC.discoveryList, async (args): Promise<Result<DiscoverySnapshot>> => {
      if (!noArgs(args)) return fail('BAD_REQUEST', 'discovery:list takes no arguments.');
      return ok(discovery?.snapshot() ?? { available: false, classes: [] });
    }),
    [IPC.captureSources]: guarded(IPC.captureSources, async (args): Promise<Result<CaptureSourcesReply>> => {
      if (!noArgs(args)) return fail('BAD_REQUEST', 'capture:sources takes no arguments.');
      if (!capture) return fail('NOT_FOUND', 'Screen sharing is not available.');
      const systemAudio = capture.systemAudio?.() ?? systemAudioSupported();
      return ok({ sources: await capture.sources(), systemAudio });
    }),
    [IPC.captureSelect]: guarded(IPC.captureSelect, async (args): Promise<Result<Record<string, never>>> => {
      if (args.length > 1) return fail('BAD_REQUEST', 'capture:select takes one argument.');
      const parsed = CaptureSelectSchema.safeParse(args[0]);
      if (!parsed.success) return fail('BAD_REQUEST', 'Invalid capture:select request.');
      if (!capture) return fail('NOT_FOUND', 'Screen sharing is not available.');
      capture.select(parsed.data.id);
      return ok({});
    }),
  };

  for (const [channel, handler] of Object.entries(handlers)) ipcMain.handle(channel, handler);
  return () => {
    for (const channel of Object.keys(handlers)) ipcMain.removeHandler(channel);
  };
}
