/**
 * Room codes: 6 symbols of Crockford base32 (no I, L, O, U), shown as `ABC-DEF`.
 * 32^6 ≈ 1.07e9 codes. Input is forgiving: case-insensitive, spaces and dashes ignored,
 * and the look-alikes Crockford defines (O→0, I/L→1) are folded, so "abc def" and
 * "ABC-DEF" are the same code.
 */
export const ROOM_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ROOM_CODE_LENGTH = 6;

/** Uppercases, drops separators and folds Crockford look-alikes. Does not validate. */
export function normalizeRoomCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function isValidRoomCode(input: string): boolean {
  const code = normalizeRoomCode(input);
  if (code.length !== ROOM_CODE_LENGTH) return false;
  for (const ch of code) if (!ROOM_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** `ABCDEF` → `ABC-DEF` (for display and reading aloud). */
export function formatRoomCode(code: string): string {
  const c = normalizeRoomCode(code);
  return c.length === ROOM_CODE_LENGTH ? `${c.slice(0, 3)}-${c.slice(3)}` : c;
}

/**
 * A fresh random code. Uses Web Crypto (present in browsers and Node ≥ 19) so this stays
 * environment-neutral. Rejection sampling is unnecessary: 256 is a multiple of 32.
 */
export function generateRoomCode(random: (n: number) => Uint8Array = secureRandomBytes): string {
  const bytes = random(ROOM_CODE_LENGTH);
  let out = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) out += ROOM_CODE_ALPHABET[bytes[i]! % 32];
  return out;
}

function secureRandomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}
