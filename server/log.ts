/**
 * Logging with pino (structured, fast, and its `redact` keeps secrets out of log lines).
 * Tokens are redacted wherever they appear in a logged object.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export const REDACT_PATHS = [
  'token',
  'teacherToken',
  '*.token',
  '*.teacherToken',
  'auth.token',
  'headers.authorization',
  'req.headers.authorization',
];

export function createLogger(level: pino.LevelWithSilent = 'info'): Logger {
  // Logs go to stderr so the CLI's own output (code, URLs) stays clean on stdout.
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
