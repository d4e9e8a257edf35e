/**
 * The window remembers its size and place: bounds are saved to userData/window-state.json when
 * they change and restored at the next start. A file that is damaged, or a place on a monitor
 * that is no longer attached, is ignored rather than opening the window off-screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';

const px = z.number().int().min(-100_000).max(100_000);
export const WindowStateSchema = z.object({
  x: px.optional(),
  y: px.optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().optional(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // first start, or unreadable: default size
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a crash mid-write never leaves half a file.
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

/**
 * Saved state made safe for the displays attached now: the position is kept only if the
 * window's title bar would be on one of them, and the size is capped to the largest display.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const out: WindowState = { ...state };
  if (workAreas.length) {
    out.width = Math.min(out.width, Math.max(...workAreas.map((a) => a.width)));
    out.height = Math.min(out.height, Math.max(...workAreas.map((a) => a.height)));
  }
  if (out.x !== undefined && out.y !== undefined) {
    const { x, y } = out as Required<WindowState>;
    const titleBarVisible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y < a.y + a.height - 50);
    if (!titleBarVisible) {
      delete out.x;
      delete out.y;
    }
  }
  return out;
}

/** What we need of a BrowserWindow (an interface, so tests can use a stand-in). */
export interface TrackableWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/** Saves the window's bounds shortly after each move/resize, and when it closes. */
export function trackWindowState(win: TrackableWindow, file: string, onError?: (err: unknown) => void, delayMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    try {
      // Normal bounds: a maximized window reopens maximized, and un-maximizes to its old size.
      saveWindowState(file, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      onError?.(err);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}
