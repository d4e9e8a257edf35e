/**
 * Text hygiene shared by host and client. Names and chat text arrive from students, so we
 * strip what can spoof or hide content: C0/C1 controls (except newline in chat), bidi
 * overrides and isolates (U+202A–202E, U+2066–2069; "Trojan Source"), and zero-width
 * characters. NFKC folds full-width and other compatibility forms so "Ａｎａ" is "Ana".
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Also U+061C (Arabic letter mark, a bidi control), U+180E, and the Hangul fillers that render
// as nothing (U+115F, U+1160, U+3164, U+FFA0), so a name cannot be blank-looking.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD\u061C\u180E\u115F\u1160\u3164\uFFA0]/g;

/** A display name: one line, single spaces, no invisible or control characters. */
export function normalizeName(input: string): string {
  // Strip first, then normalise: removing a zero-width character can bring a letter and a
  // combining mark together, and the result must still be in NFKC (idempotent).
  return input
    .replace(CONTROL, ' ')
    .replace(/[\n\t]/g, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Chat text: keeps line breaks (at most two in a row), removes controls and invisibles. */
export function normalizeChatText(input: string): string {
  return input
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
