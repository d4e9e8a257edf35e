import type { ErrorCode } from '../../shared';

/** HTTP status for each error code, for every route. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  FEATURE_DISABLED: 403,
  ROOM_NOT_FOUND: 404,
  NOT_FOUND: 404,
  CLASS_FULL: 409,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  ROOM_ENDED: 410,
  RATE_LIMITED: 429,
};

export const statusOf = (code: ErrorCode): number => STATUS[code] ?? 500;
