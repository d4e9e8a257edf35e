import { z } from 'zod';
import { CaptureSourcesReplySchema, fail, HostStatusSchema, resultSchema, RunningHostSchema, type DesktopApi, type Result } from '../../../shared';
import { DiscoverySnapshotSchema } from '../../../shared/schemas/discovery';
import type { Platform } from './types';

/** The desktop app: `window.api` from the preload starts and stops the embedded host. */
export function createElectronPlatform(api: DesktopApi): Platform {
  const parse = <T,>(schema: Parameters<typeof resultSchema>[0], raw: unknown): Result<T> => {
    const parsed = resultSchema(schema).safeParse(raw);
    return parsed.success ? (parsed.data as Result<T>) : fail('INTERNAL', 'The app answered with something unexpected.');
  };
  return {
    kind: 'electron',
    canHost: true,
    startHost: async () => parse(RunningHostSchema, await api.hostStart({})),
    stopHost: async () => parse(HostStatusSchema.partial(), await api.hostStop()),
    defaultHostUrl: () => null,
    takeTeacherToken: () => null,
    nearbyClasses: async () => parse(DiscoverySnapshotSchema, await api.discoveryList()),
    screenPicker: {
      sources: async () => parse(CaptureSourcesReplySchema, await api.captureSources()),
      select: async (id) => parse(z.object({}), await api.captureSelect({ id })),
    },
  };
}
