import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { closeHostOnQuit, type QuitApp } from './quit';
import { fakeEvent } from './test-support/fakeElectron';

function setup(opts: { running: boolean; stop?: () => Promise<void> }) {
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  const host = { running: opts.running, stop: vi.fn(opts.stop ?? (async () => {})) };
  const log = { info: vi.fn(), error: vi.fn() };
  closeHostOnQuit(app as unknown as QuitApp, host, log);
  return { app, host, log };
}

describe('closing the host on quit', () => {
  it('lets the app quit at once when no host runs', () => {
    const { app, host } = setup({ running: false });
    const e = fakeEvent();
    app.emit('before-quit', e);
    app.emit('will-quit', e);
    expect(e.preventDefault).not.toHaveBeenCalled();
    expect(host.stop).not.toHaveBeenCalled();
  });

  it('holds the quit, closes the host once, then quits again', async () => {
    let finish!: () => void;
    const { app, host } = setup({ running: true, stop: () => new Promise<void>((r) => (finish = r)) });
    const first = fakeEvent();
    app.emit('before-quit', first);
    const during = fakeEvent();
    app.emit('will-quit', during); // e.g. a second Cmd+Q while closing
    expect(first.preventDefault).toHaveBeenCalled();
    expect(during.preventDefault).toHaveBeenCalled();
    expect(host.stop).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const after = fakeEvent();
    app.emit('before-quit', after);
    app.emit('will-quit', after);
    expect(after.preventDefault).not.toHaveBeenCalled();
  });

  it('still quits (and logs) if closing the host fails', async () => {
    const { app, log } = setup({ running: true, stop: async () => Promise.reject(new Error('disk gone')) });
    app.emit('will-quit', fakeEvent());
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
