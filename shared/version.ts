/** Wire protocol version: bump when an event or schema changes incompatibly. */
export const PROTOCOL_VERSION = 1;
/** Product version shown in /health and the UI. Kept in step with package.json by a test. */
export const APP_VERSION = '0.1.0';
