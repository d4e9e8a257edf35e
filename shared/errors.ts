/**
 * Every error code the host can reply with. Clients switch on `code`; `message` is for people.
 */
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed its schema
  'UNAUTHORIZED', // no valid session or teacher token
  'FORBIDDEN', // valid session, wrong role
  'ROOM_NOT_FOUND', // no live class with that code
  'ROOM_ENDED', // the class this session belonged to has ended
  'RATE_LIMITED', // too many attempts; try again later
  'CLASS_FULL', // every seat of the class is taken
  'FEATURE_DISABLED', // the classroom has this feature turned off
  'INVALID_TRANSITION', // a lecture cannot go from its status to the one asked for
  'TOO_LATE', // the deadline (e.g. a timed quiz's) has passed by the host's clock
  'CONFLICT', // the change clashes with the current state (e.g. deleting a classroom in use)
  'NOT_FOUND', // unknown route or record
  'TIMEOUT', // the host did not answer in time (client side)
  'DISCONNECTED', // not connected to the host (client side)
  'INTERNAL', // a bug on the host; logged there
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Friendly default messages, used when a more specific one is not given. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'That request was not understood.',
  UNAUTHORIZED: 'You are not signed in to this class. Join again with the room code.',
  FORBIDDEN: 'Only the teacher can do that.',
  ROOM_NOT_FOUND: 'No class with that code is running here. Check the code on the teacher’s screen.',
  ROOM_ENDED: 'This class has ended.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  CLASS_FULL: 'This class is full. Ask the teacher to make room.',
  FEATURE_DISABLED: 'The teacher has turned this off for this classroom.',
  INVALID_TRANSITION: 'The lecture cannot change to that status from where it is now.',
  TOO_LATE: 'Time is up: the deadline has passed.',
  CONFLICT: 'That clashes with what is happening now.',
  NOT_FOUND: 'Not found.',
  TIMEOUT: 'The classroom host did not answer in time. Check your network.',
  DISCONNECTED: 'Not connected to the classroom host.',
  INTERNAL: 'Something went wrong on the classroom host.',
};
