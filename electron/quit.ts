/**
 * Closing the embedded host before the app exits, so the SQLite file is closed cleanly and
 * students' browsers see the host go away. The first quit is held (preventDefault), the host is
 * closed, then quit is called again and let through.
 */
export interface QuitApp {
  on(event: 'before-quit' | 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitLogger {
  info(msg: string): void;
  error(obj: object, msg: string): void;
}

export function closeHostOnQuit(
  app: QuitApp,
  host: { readonly running: boolean; stop(): Promise<void> },
  log: QuitLogger,
): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  const onQuit = (event: { preventDefault(): void }) => {
    if (state === 'closed') return;
    if (state === 'open' && !host.running) return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    log.info('closing the classroom host before quitting');
    host
      .stop()
      .catch((err: unknown) => log.error({ err }, 'could not close the classroom host cleanly'))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  };
  app.on('before-quit', onQuit);
  app.on('will-quit', onQuit);
}
