import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '../shared';
import { CaptureSourcesSchema } from '../shared';
import { chooseDisplayMedia, createPickedSource, installDisplayMediaHandler, PICK_TTL_MS, systemAudioSupported, toCaptureSources } from './displayMedia';

const screen = { id: 'screen:1:0', name: 'Entire screen' };
const listScreens = vi.fn(async () => [screen, { id: 'screen:2:0', name: 'Screen 2' }]);
const ours = { securityOrigin: APP_ORIGIN, videoRequested: true, frame: { url: `${APP_ORIGIN}/` } };

describe('screen sharing (getDisplayMedia)', () => {
  it('shares the first screen with our own page, without system audio unless asked', async () => {
    const streams = await chooseDisplayMedia(ours, listScreens, undefined, undefined, undefined, () => true);
    expect(streams).toEqual({ video: screen });
    expect(streams).not.toHaveProperty('audio');
  });

  it.each([
    { ...ours, securityOrigin: 'https://evil.example' },
    { ...ours, securityOrigin: 'http://192.168.1.20:4321' },
    { ...ours, frame: { url: 'https://evil.example/' } },
  ])('refuses a foreign page (%o)', async (request) => {
    expect(await chooseDisplayMedia(request, listScreens)).toEqual({});
  });

  it('refuses when no video is asked for, no screen exists, or listing fails', async () => {
    expect(await chooseDisplayMedia({ ...ours, videoRequested: false }, listScreens)).toEqual({});
    expect(await chooseDisplayMedia(ours, async () => [])).toEqual({});
    expect(await chooseDisplayMedia(ours, async () => Promise.reject(new Error('no portal')))).toEqual({});
  });

  it('refuses when the frame is gone (reading its url throws)', async () => {
    const gone = {
      ...ours,
      get frame(): { url: string } {
        return {
          get url(): string {
            throw new Error('disposed');
          },
        };
      },
    };
    // origin is still ours, the frame url is unreadable: allowed only on the origin check
    expect(await chooseDisplayMedia(gone, listScreens)).toEqual({ video: screen });
    expect(await chooseDisplayMedia({ ...gone, securityOrigin: 'https://evil.example' }, listScreens)).toEqual({});
  });

  it('is installed on the session with the system picker preferred', async () => {
    const session = { setDisplayMediaRequestHandler: vi.fn() };
    installDisplayMediaHandler(session as never, listScreens);
    expect(session.setDisplayMediaRequestHandler).toHaveBeenCalledWith(expect.any(Function), { useSystemPicker: true });
    const handler = session.setDisplayMediaRequestHandler.mock.calls[0]![0] as (r: unknown, cb: (s: unknown) => void) => void;
    const callback = vi.fn();
    handler(ours, callback);
    await vi.waitFor(() => expect(callback).toHaveBeenCalledWith({ video: screen }));
  });
});

describe('the "Choose what to share" picker', () => {
  const windowSource = { id: 'window:42:0', name: 'Slides.pdf' };
  const listWindows = vi.fn(async () => [windowSource]);

  it('shares exactly the picked window, once', async () => {
    const picked = createPickedSource();
    picked.set('window:42:0');
    expect(await chooseDisplayMedia(ours, listScreens, undefined, picked, listWindows)).toEqual({ video: windowSource });
    // The pick is used up: the next share without a pick falls back to the first screen.
    expect(await chooseDisplayMedia(ours, listScreens, undefined, picked, listWindows)).toEqual({ video: screen });
  });

  it('forgets a stale pick and never hands a pick to a foreign page', async () => {
    let t = 0;
    const picked = createPickedSource(() => t);
    picked.set('window:42:0');
    t = PICK_TTL_MS + 1;
    expect(await chooseDisplayMedia(ours, listScreens, undefined, picked, listWindows)).toEqual({ video: screen });
    picked.set('window:42:0');
    expect(await chooseDisplayMedia({ ...ours, securityOrigin: 'https://evil.example' }, listScreens, undefined, picked, listWindows)).toEqual({});
  });

  it('falls back to the first screen if the picked source closed meanwhile', async () => {
    const picked = createPickedSource();
    picked.set('window:gone');
    expect(await chooseDisplayMedia(ours, listScreens, undefined, picked, listWindows)).toEqual({ video: screen });
  });

  it('lists sources with kinds and thumbnails as data URLs', () => {
    const thumb = (empty: boolean) => ({ isEmpty: () => empty, toDataURL: () => 'data:image/png;base64,AAAA' });
    const list = toCaptureSources([
      { id: 'screen:1:0', name: 'Entire screen', thumbnail: thumb(false) as never },
      { id: 'window:7:0', name: 'Editor', thumbnail: thumb(true) as never },
    ]);
    expect(list).toEqual([
      { id: 'screen:1:0', name: 'Entire screen', kind: 'screen', thumbnail: 'data:image/png;base64,AAAA' },
      { id: 'window:7:0', name: 'Editor', kind: 'window', thumbnail: '' },
    ]);
    expect(CaptureSourcesSchema.safeParse(list).success).toBe(true);
  });
});

describe('system audio (the picker\'s "Share system audio")', () => {
  const asking = { ...ours, audioRequested: true };
  const windowSource = { id: 'window:42:0', name: 'Slides.pdf' };

  it('adds loopback audio when the page asks for audio and the OS can capture it', async () => {
    expect(await chooseDisplayMedia(asking, listScreens, undefined, undefined, undefined, () => true)).toEqual({ video: screen, audio: 'loopback' });
    const picked = createPickedSource();
    picked.set('window:42:0');
    expect(await chooseDisplayMedia(asking, listScreens, undefined, picked, async () => [windowSource], () => true)).toEqual({
      video: windowSource,
      audio: 'loopback',
    });
  });

  it('grants no audio where the OS cannot (macOS), and never to a foreign page', async () => {
    expect(await chooseDisplayMedia(asking, listScreens, undefined, undefined, undefined, () => false)).toEqual({ video: screen });
    expect(await chooseDisplayMedia({ ...asking, securityOrigin: 'https://evil.example' }, listScreens, undefined, undefined, undefined, () => true)).toEqual({});
    // Audio alone (no video requested) is not a screen share.
    expect(await chooseDisplayMedia({ ...asking, videoRequested: false }, listScreens, undefined, undefined, undefined, () => true)).toEqual({});
  });

  it('the installed handler passes the OS check through', async () => {
    const session = { setDisplayMediaRequestHandler: vi.fn() };
    installDisplayMediaHandler(session as never, listScreens, undefined, undefined, undefined, () => true);
    const handler = session.setDisplayMediaRequestHandler.mock.calls[0]![0] as (r: unknown, cb: (s: unknown) => void) => void;
    const callback = vi.fn();
    handler(asking, callback);
    await vi.waitFor(() => expect(callback).toHaveBeenCalledWith({ video: screen, audio: 'loopback' }));
  });

  it('knows where loopback works: Windows, Linux with PipeWire; not macOS', () => {
    const none = () => false;
    expect(systemAudioSupported('win32', {}, none)).toBe(true);
    expect(systemAudioSupported('darwin', { XDG_RUNTIME_DIR: '/run/user/1000' }, () => true)).toBe(false);
    expect(systemAudioSupported('linux', {}, () => true)).toBe(false); // nowhere to look
    expect(systemAudioSupported('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }, none)).toBe(false); // PulseAudio/ALSA only
    const seen: string[] = [];
    expect(systemAudioSupported('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }, (f) => (seen.push(f), true))).toBe(true);
    expect(seen).toEqual(['/run/user/1000/pipewire-0']);
    expect(systemAudioSupported('linux', { PIPEWIRE_REMOTE: 'pipewire-0' }, none)).toBe(true);
  });
});
