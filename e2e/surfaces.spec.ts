/**
 * Shared surfaces end to end: a real host process, the teacher console and students in
 * separate contexts of real Chromium. Whiteboard strokes reach everyone (same pixels), and
 * while the pen is still down (a live stroke); a late joiner sees them, export gives a PNG;
 * two students type at once and converge; a shared file shows a progress bar named after it.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type HostProcess } from './hostProcess';
import { joinAs, openPage } from './helpers';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const board = (page: Page) => page.getByRole('region', { name: 'Whiteboard' }).getByRole('img');
const pixels = (page: Page) => board(page).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
const editor = (page: Page) => page.getByRole('region', { name: 'Code editor' }).locator('.cm-content');
/** The document text, without the remote cursors' name tags drawn inside the lines. */
const codeText = (page: Page) =>
  editor(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.cm-ySelectionCaret, .cm-ySelectionInfo, .cm-widgetBuffer').forEach((n) => n.remove());
    return Array.from(copy.querySelectorAll('.cm-line')).map((l) => l.textContent).join('\n');
  });

/** Presses the pen at `from` and moves to `to`, leaving it down. */
async function penDownAndMove(page: Page, from: [number, number], to: [number, number]) {
  const canvas = board(page);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(...at([from[0] + ((to[0] - from[0]) * i) / 10, from[1] + ((to[1] - from[1]) * i) / 10]));
  }
}

async function drawLine(page: Page, from: [number, number], to: [number, number]) {
  await penDownAndMove(page, from, to);
  await page.mouse.up();
}

test('whiteboard, code editor and file sharing across teacher and students', async ({ browser }) => {
  // One long class with four browser contexts; on a busy 2-core machine it outgrows 45 s.
  test.setTimeout(120_000);
  host = await startHost();
  const teacher = await openPage(browser, host.teacherUrl);
  const ana = await joinAs(browser, `${host.url}/`, host.code, 'Ana');
  const ben = await joinAs(browser, `${host.url}/`, host.code, 'Ben');

  await test.step('the teacher draws; both students see the same strokes', async () => {
    await teacher.getByRole('button', { name: 'Pen', exact: true }).click();
    await drawLine(teacher, [0.1, 0.2], [0.6, 0.7]);
    await drawLine(teacher, [0.7, 0.2], [0.3, 0.8]);
    for (const p of [teacher, ana, ben]) await expect(board(p)).toHaveAttribute('data-strokes', '2');
    const expected = await pixels(teacher);
    expect(await pixels(ana)).toBe(expected);
    expect(await pixels(ben)).toBe(expected);
    // Without the pen a student has no drawing tools.
    await expect(ana.getByText('The teacher has the pen.')).toBeVisible();
    await expect(ana.getByRole('button', { name: 'Pen', exact: true })).toHaveCount(0);
  });

  await test.step('undo removes only the last stroke, for everyone', async () => {
    await teacher.getByRole('button', { name: 'Undo' }).click();
    await expect(board(ben)).toHaveAttribute('data-strokes', '1');
    await teacher.getByRole('button', { name: 'Redo' }).click();
    await expect(board(ben)).toHaveAttribute('data-strokes', '2');
  });

  await test.step('a late joiner sees the full board', async () => {
    const cleo = await joinAs(browser, `${host!.url}/`, host!.code, 'Cleo');
    await expect(board(cleo)).toHaveAttribute('data-strokes', '2');
    expect(await pixels(cleo)).toBe(await pixels(teacher));
    await cleo.context().close();
  });

  await test.step('Export PNG downloads a PNG of the page', async () => {
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('whiteboard-page-1.png');
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  await test.step('"Give pen" to Ana: she draws and the teacher sees it', async () => {
    await teacher.getByRole('button', { name: 'Give pen' }).click();
    await teacher.getByRole('radio', { name: 'Selected students' }).check();
    await teacher.getByRole('checkbox', { name: 'Ana' }).check();
    await expect(ana.getByRole('button', { name: 'Pen', exact: true })).toBeVisible();
    await expect(ben.getByText('The teacher has the pen.')).toBeVisible();
    await drawLine(ana, [0.2, 0.5], [0.8, 0.5]);
    await expect(board(teacher)).toHaveAttribute('data-strokes', '3');
  });

  await test.step('a student sees the stroke grow before the teacher lifts the pen', async () => {
    await expect(board(ben)).toHaveAttribute('data-strokes', '3');
    const before = await pixels(ben);
    await penDownAndMove(teacher, [0.15, 0.9], [0.85, 0.85]);
    // The pen is still down: Ben's board shows the stroke, which is not in the document yet.
    await expect(board(ben)).toHaveAttribute('data-live-strokes', '1');
    expect(await pixels(ben)).not.toBe(before);
    await expect(board(ben)).toHaveAttribute('data-strokes', '3');
    await teacher.mouse.up();
    // Lifted: the stroke is committed, drawn once, the same for everyone.
    await expect(board(ben)).toHaveAttribute('data-strokes', '4');
    await expect(board(ben)).toHaveAttribute('data-live-strokes', '0');
    await expect(board(teacher)).toHaveAttribute('data-strokes', '4');
    expect(await pixels(ben)).toBe(await pixels(teacher));
    // One stroke is one undo step.
    await teacher.getByRole('button', { name: 'Undo' }).click();
    await expect(board(ben)).toHaveAttribute('data-strokes', '3');
    await teacher.getByRole('button', { name: 'Redo' }).click();
    await expect(board(ben)).toHaveAttribute('data-strokes', '4');
  });

  await test.step('two students type in the code editor at once and converge', async () => {
    await editor(ana).click();
    await editor(ben).click();
    await Promise.all([ana.keyboard.type('const ana = 1; ', { delay: 15 }), ben.keyboard.type('let ben = 2; ', { delay: 15 })]);
    for (const p of [ana, ben, teacher]) {
      await expect(editor(p)).toContainText('const ana = 1;');
      await expect(editor(p)).toContainText('let ben = 2;');
    }
    // Remote cursors carry the typist's name.
    await expect(ana.getByRole('region', { name: 'Code editor' })).toContainText('Ben');
    const texts = await Promise.all([ana, ben, teacher].map(codeText));
    expect(texts[0]).toMatch(/const ana = 1;|let ben = 2;/);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
  });

  await test.step('the teacher shares a file; a student downloads it with a progress bar', async () => {
    const [chooser] = await Promise.all([teacher.waitForEvent('filechooser'), teacher.getByRole('button', { name: 'Share file' }).click()]);
    await chooser.setFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(3 * 1024 * 1024, 65) });
    await expect(teacher.getByRole('progressbar', { name: 'notes.pdf' })).toBeVisible();
    await expect(teacher.getByText('Shared', { exact: true })).toBeVisible();
    await expect(ana.getByRole('region', { name: 'Files' })).toContainText('notes.pdf');
    const [download] = await Promise.all([ana.waitForEvent('download'), ana.getByRole('button', { name: 'Download notes.pdf' }).click()]);
    await expect(ana.getByRole('progressbar', { name: 'notes.pdf' })).toHaveAttribute('value', String(3 * 1024 * 1024));
    expect(download.suggestedFilename()).toBe('notes.pdf');
    expect(fs.statSync((await download.path())!).size).toBe(3 * 1024 * 1024);
  });

  await test.step('a student hands a file in; only the teacher sees it', async () => {
    const [chooser] = await Promise.all([ben.waitForEvent('filechooser'), ben.getByRole('button', { name: 'Hand in' }).click()]);
    await chooser.setFiles({ name: 'essay.txt', mimeType: 'text/plain', buffer: Buffer.from('My essay.') });
    await expect(ben.getByRole('progressbar', { name: 'essay.txt' })).toBeVisible();
    await expect(ben.getByText('Handed in', { exact: true })).toBeVisible();
    await expect(teacher.getByRole('region', { name: 'Files' })).toContainText('essay.txt');
    await expect(teacher.getByRole('region', { name: 'Files' })).toContainText('handed in by Ben');
    await expect(ana.getByRole('region', { name: 'Files' })).not.toContainText('essay.txt');
  });
});
