import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeChatText, normalizeName } from './text';

/** Characters that can reorder or hide text: bidi embeddings/overrides/isolates/marks, zero-widths. */
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF\u00AD\u061C]/u;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/u;

/** Mostly ordinary text with the dangerous characters mixed in often. */
const nastyString = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      { weight: 2, arbitrary: fc.constantFrom(...BIDI, ...ZERO_WIDTH, '\n', '\r', '\t', '\u0000', '\u001B', '\u0085', ' ', '  ') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('normalizeName', () => {
  it('strips the right-to-left override used to spoof names ("Trojan Source")', () => {
    expect(normalizeName('Ana\u202Egnp.exe')).toBe('Anagnp.exe');
    expect(normalizeName('\u2067Ben\u2069')).toBe('Ben');
    expect(normalizeName('Ca\u061Crl')).toBe('Carl');
  });

  it('strips zero-width characters, the BOM and soft hyphens', () => {
    expect(normalizeName('A\u200Bn\u200Ca\u200D\u2060\uFEFF\u00AD')).toBe('Ana');
  });

  it('turns controls, tabs and newlines into single spaces and trims', () => {
    expect(normalizeName('  Ana\n\tMaria\u0000Lopez\r\u0007 ')).toBe('Ana Maria Lopez');
    expect(normalizeName('Ana     Maria')).toBe('Ana Maria');
    expect(normalizeName('\u00A0Ana\u3000Maria\u2003')).toBe('Ana Maria');
  });

  it('applies NFKC: full-width and compatibility forms fold to plain letters', () => {
    expect(normalizeName('Ａｎａ')).toBe('Ana');
    expect(normalizeName('ﬁona')).toBe('fiona');
    expect(normalizeName('e\u0301')).toBe('é');
  });

  it('composes a letter and its accent even when a zero-width character sat between them', () => {
    expect(normalizeName('Jose\u200B\u0301')).toBe('José');
  });

  it('leaves nothing of a name made only of invisible characters', () => {
    expect(normalizeName('\u200B\u202E\u2066 \u00AD\uFEFF')).toBe('');
    expect(normalizeName('\u3164')).toBe(''); // Hangul filler: renders as blank
  });

  it('keeps ordinary names in any script unchanged', () => {
    for (const n of ['Ana', 'José María', 'Zoë', 'محمد', 'דוד', '王小明', 'Ольга', 'Nguyễn Văn An']) {
      expect(normalizeName(n)).toBe(n.normalize('NFKC'));
    }
  });

  it('property: output has no bidi, zero-width or control characters, one line, single spaces', () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        const n = normalizeName(s);
        expect(n).not.toMatch(HIDDEN);
        expect(n).not.toMatch(CONTROLS);
        expect(n).not.toMatch(/\s\s/);
        expect(n).toBe(n.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('property: idempotent and already in NFKC', () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        const n = normalizeName(s);
        expect(normalizeName(n)).toBe(n);
        expect(n.normalize('NFKC')).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeChatText', () => {
  it('keeps line breaks, folding CRLF and CR to LF', () => {
    expect(normalizeChatText('line 1\nline 2')).toBe('line 1\nline 2');
    expect(normalizeChatText('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('keeps at most two line breaks in a row', () => {
    expect(normalizeChatText('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(normalizeChatText('a\n\nb')).toBe('a\n\nb');
  });

  it('trims surrounding whitespace but keeps inner spaces', () => {
    expect(normalizeChatText('\n\n  hello   world  \n')).toBe('hello   world');
  });

  it('expands tabs and removes controls, bidi overrides and zero-width characters', () => {
    expect(normalizeChatText('a\tb')).toBe('a  b');
    expect(normalizeChatText('x\u0000\u0007\u001B[31my\u007F')).toBe('x[31my');
    expect(normalizeChatText('if (a\u202E) {\u2066}\u200B')).toBe('if (a) {}');
  });

  it('uses NFC but not NFKC: compatibility forms a student typed stay as typed', () => {
    expect(normalizeChatText('e\u0301')).toBe('é');
    expect(normalizeChatText('x² ﬁ')).toBe('x² ﬁ');
  });

  it('property: no hidden or control characters other than newline; idempotent', () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        const t = normalizeChatText(s);
        expect(t).not.toMatch(HIDDEN);
        expect(t.replace(/\n/g, '')).not.toMatch(CONTROLS);
        expect(t).not.toMatch(/\n\n\n/);
        expect(t).not.toContain('\r');
        expect(normalizeChatText(t)).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});
