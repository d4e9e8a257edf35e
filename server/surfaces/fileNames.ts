/**
 * File names and types for shared files. A sent name is only ever shown and offered as the
 * download name: contents are stored under a random id, so a name can never reach a path.
 */
import path from 'node:path';

export const FILE_NAME_MAX = 120;

/** Types a class exchanges: documents, images, media, archives, source code. No programs. */
export const ALLOWED_EXTENSIONS = new Set([
  'pdf', 'txt', 'md', 'csv', 'rtf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'epub',
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp',
  'mp3', 'wav', 'ogg', 'm4a', 'mp4', 'webm', 'mov',
  'zip', '7z', 'tar', 'gz',
  'js', 'ts', 'jsx', 'tsx', 'py', 'ipynb', 'java', 'c', 'h', 'cpp', 'hpp', 'cc', 'cs', 'go', 'rs', 'rb', 'php',
  'html', 'css', 'json', 'xml', 'yaml', 'yml', 'sql', 'tex',
]);

/**
 * A name safe to show and to offer as a download name: no folders, no control or reserved
 * characters, no leading dots, at most FILE_NAME_MAX characters with the extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.replace(/\\/g, '/').split('/').pop() ?? '';
  let name = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  // Windows reserved device names stay dangerous with any extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  if (name.length > FILE_NAME_MAX) {
    const ext = path.extname(name).slice(0, 16);
    name = name.slice(0, FILE_NAME_MAX - ext.length) + ext;
  }
  return name || 'file';
}

export function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

export function isAllowedType(name: string): boolean {
  return ALLOWED_EXTENSIONS.has(extensionOf(name));
}

/** Program headers (Windows PE, ELF, Mach-O, scripts with #!) are refused whatever the name. */
export function looksExecutable(head: Uint8Array): boolean {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x4d && b(1) === 0x5a) return true; // MZ
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return true; // ELF
  const magic = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return true;
  return b(0) === 0x23 && b(1) === 0x21; // #!
}
