import { ERROR_MESSAGES, type ErrorCode } from '../../shared';

/**
 * A refusal a service can explain to a person: it becomes `{ ok: false, error: { code, message } }`
 * in socket acks and HTTP replies, and a SystemError-like throw in the programmatic API.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
