/**
 * Hostile chat renders inert (issue #7, item 8): the chat shows text, never markup or links,
 * so HTML, `javascript:` URLs and bidi tricks arrive as characters, not as elements.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared';
import { ChatPanel } from './ChatPanel';
import { SecurityWarning } from './SecurityWarning';

const msg = (seq: number, text: string, name = 'Mallory'): ChatMessage => ({
  id: `m${seq}`,
  roomId: 'r1',
  seq,
  sender: { id: 'p1', name, role: 'student', joinedAt: '2026-01-01T00:00:00.000Z' },
  text,
  sentAt: '2026-01-01T00:00:00.000Z',
  type: 'text',
  language: null,
  deleted: false,
});

describe('chat renders hostile text inert', () => {
  it('escapes markup and never makes links', () => {
    const html = renderToStaticMarkup(
      <ChatPanel
        messages={[
          msg(1, '<img src=x onerror=alert(1)><script>alert(2)</script>'),
          msg(2, '<a href="javascript:alert(3)">click</a> javascript:alert(4)'),
          msg(3, 'see https://example.invalid/x'),
        ]}
        onSend={async () => null}
      />,
    );
    expect(html).not.toMatch(/<script|<img|<a[\s>]/i);
    expect(html).not.toMatch(/<[^>]*\shref=/i); // no element carries a link
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('javascript:alert(4)'); // as plain text
  });

  it('the security warning renders nothing until the host raises one', () => {
    const conn = { subscribe: () => () => {}, room: undefined } as unknown as Parameters<typeof SecurityWarning>[0]['conn'];
    expect(renderToStaticMarkup(<SecurityWarning conn={conn} />)).toBe('');
  });
});
