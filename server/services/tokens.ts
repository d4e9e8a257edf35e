import crypto from 'node:crypto';

/** 256 random bits, URL-safe. Used for session tokens and the teacher token. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** We store only SHA-256 of session tokens: they are high-entropy, so no salt is needed. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** Constant-time comparison for secrets of possibly different length. */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function newId(): string {
  return crypto.randomUUID();
}
