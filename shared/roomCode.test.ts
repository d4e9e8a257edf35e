import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH,
  formatRoomCode,
  generateRoomCode,
  isValidRoomCode,
  normalizeRoomCode,
} from './roomCode';

const alphabetChars = [...ROOM_CODE_ALPHABET];
const codeArb = fc
  .array(fc.constantFrom(...alphabetChars), { minLength: ROOM_CODE_LENGTH, maxLength: ROOM_CODE_LENGTH })
  .map((cs) => cs.join(''));

describe('room code alphabet', () => {
  it('has 32 distinct unambiguous symbols: digits and capitals without I, L, O, U', () => {
    expect(alphabetChars).toHaveLength(32);
    expect(new Set(alphabetChars).size).toBe(32);
    for (const banned of 'ILOU') expect(ROOM_CODE_ALPHABET).not.toContain(banned);
    for (const ch of alphabetChars) expect(ch).toMatch(/^[0-9A-Z]$/);
    expect(ROOM_CODE_LENGTH).toBe(6);
  });
});

describe('normalizeRoomCode', () => {
  it('ignores case, spaces, dashes and other separators', () => {
    expect(normalizeRoomCode('abc-def')).toBe('ABCDEF');
    expect(normalizeRoomCode(' ab c\tdef ')).toBe('ABCDEF');
    expect(normalizeRoomCode('AB_C.D-E F')).toBe('ABCDEF');
  });

  it('folds Crockford look-alikes: O to 0, I and L to 1', () => {
    expect(normalizeRoomCode('oO0')).toBe('000');
    expect(normalizeRoomCode('iIlL1')).toBe('11111');
    expect(normalizeRoomCode('h0l-a1o')).toBe('H01A10');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => normalizeRoomCode(normalizeRoomCode(s)) === normalizeRoomCode(s)));
  });
});

describe('isValidRoomCode', () => {
  it('accepts six alphabet symbols however they were typed', () => {
    expect(isValidRoomCode('ABCDEF')).toBe(true);
    expect(isValidRoomCode('abc-def')).toBe(true);
    expect(isValidRoomCode('  0o1-il2 ')).toBe(true);
  });

  it('refuses wrong lengths and symbols outside the alphabet', () => {
    expect(isValidRoomCode('')).toBe(false);
    expect(isValidRoomCode('ABCDE')).toBe(false);
    expect(isValidRoomCode('ABCDEFG')).toBe(false);
    expect(isValidRoomCode('ABCDEU')).toBe(false); // U is not Crockford
    expect(isValidRoomCode('ABC!EF')).toBe(false);
    expect(isValidRoomCode('ÄBCDEF')).toBe(false);
  });
});

describe('formatRoomCode', () => {
  it('shows six symbols as ABC-DEF', () => {
    expect(formatRoomCode('abcdef')).toBe('ABC-DEF');
    expect(formatRoomCode('ABC DEF')).toBe('ABC-DEF');
    expect(formatRoomCode('ABC-DEF')).toBe('ABC-DEF');
  });

  it('leaves anything that is not six symbols unformatted (normalised)', () => {
    expect(formatRoomCode('abc')).toBe('ABC');
    expect(formatRoomCode('abcdefgh')).toBe('ABCDEFGH');
  });

  it('round-trips: normalizeRoomCode(formatRoomCode(c)) === c for every code', () => {
    fc.assert(
      fc.property(codeArb, (c) => {
        const shown = formatRoomCode(c);
        return /^[0-9A-Z]{3}-[0-9A-Z]{3}$/.test(shown) && normalizeRoomCode(shown) === c && isValidRoomCode(shown);
      }),
    );
  });

  it('a code read aloud with look-alikes and lower case still resolves to the same code', () => {
    fc.assert(
      fc.property(codeArb, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (c, lower) => {
        const typed = [...c]
          .map((ch, i) => (ch === '0' && lower[i] ? 'o' : ch === '1' && lower[i] ? 'l' : lower[i] ? ch.toLowerCase() : ch))
          .join(' ');
        return normalizeRoomCode(typed) === c;
      }),
    );
  });
});

describe('generateRoomCode', () => {
  it('draws six symbols from the alphabet only', () => {
    for (let i = 0; i < 2000; i++) {
      const code = generateRoomCode();
      expect(code).toHaveLength(ROOM_CODE_LENGTH);
      for (const ch of code) expect(ROOM_CODE_ALPHABET).toContain(ch);
      expect(isValidRoomCode(code)).toBe(true);
      expect(normalizeRoomCode(code)).toBe(code);
    }
  });

  it('maps every byte value onto the alphabet evenly (256 is a multiple of 32)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const code = generateRoomCode((n) => new Uint8Array(n).fill(b));
      expect(new Set(code).size).toBe(1);
      counts.set(code[0]!, (counts.get(code[0]!) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });

  it('uses every symbol in every position with a roughly uniform distribution', () => {
    const draws = 20_000;
    const perPosition = Array.from({ length: ROOM_CODE_LENGTH }, () => new Map<string, number>());
    const seen = new Set<string>();
    for (let i = 0; i < draws; i++) {
      const code = generateRoomCode();
      seen.add(code);
      [...code].forEach((ch, pos) => perPosition[pos]!.set(ch, (perPosition[pos]!.get(ch) ?? 0) + 1));
    }
    const expected = draws / 32; // 625
    for (const counts of perPosition) {
      expect(counts.size).toBe(32);
      // ±30% is > 7 standard deviations (sd ≈ 24.6): a real bias fails, noise does not.
      for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.3);
    }
    // 20k draws from 1e9 codes: collisions should be (almost) absent.
    expect(seen.size).toBeGreaterThan(draws - 5);
  });
});
