/**
 * Hands the file service and the archive reader to the HTTP API. The API and the socket features are built
 * separately in host.ts, but both hold the same SessionService, so it serves as the key:
 * this keeps the hook into server/http/api.ts to a couple of lines.
 */
import type { SessionService } from '../services/sessions';
import type { SurfaceKind } from '../../shared/schemas/surfaces';
import type { FileService } from './files';

export interface SurfacesHttp {
  files: FileService;
  /** A lecture's whiteboard or code document as one Yjs update (archive view). */
  archive(lectureId: string, surface: SurfaceKind): Uint8Array;
}

const byHost = new WeakMap<SessionService, SurfacesHttp>();

export function registerSurfacesHttp(sessions: SessionService, surfaces: SurfacesHttp): void {
  byHost.set(sessions, surfaces);
}

export function surfacesHttpFor(sessions: SessionService): SurfacesHttp | undefined {
  return byHost.get(sessions);
}
