/**
 * Text hygiene shared by host and client. Names and chat text arrive from students, so we
 * strip what can spoof or hide content: C0/C1 controls (except newline in chat), bidi
 * overrides and isolates (U+202A–202E, U+2066–2069; "Trojan Source"), and zero-width
 * characters. NFKC folds full-width and other compatibility forms so "Ａｎａ" is "Ana".
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;

/** A display name: one line, single spaces, no invisible or control characters. */
export function normalizeName(input: string): string {
  return input
    .normalize('NFKC')
    .replace(CONTROL, ' ')
    .replace(/[\n\t]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Chat text: keeps line breaks (at most two in a row), removes controls and invisibles. */
export function normalizeChatText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
