/**
 * The walking skeleton end to end: a real host process, a teacher console and two students
 * in separate browser contexts of real Chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { formatRoomCode } from '../shared/roomCode';
import { startHost, type HostProcess } from './hostProcess';
import { joinAs, openPage } from './helpers';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const chat = (page: Page) => page.getByRole('log', { name: 'Chat' });
const participants = (page: Page) => page.getByRole('list', { name: 'Participants' }).getByRole('listitem');

async function send(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(chat(page)).toContainText(text);
}

async function chatTexts(page: Page): Promise<string[]> {
  return chat(page).locator('.chat-message .text').allTextContents();
}

test('teacher hosts, two students join by code, chat, reload, restart, end class', async ({ browser }) => {
  host = await startHost();
  const code = host.code;

  const teacher = await openPage(browser, host.teacherUrl);
  await test.step('teacher console shows the code large and the student address', async () => {
    await expect(teacher.getByLabel('Room code')).toHaveText(formatRoomCode(code));
    await expect(teacher.getByRole('list', { name: 'Student addresses' })).toContainText('http://');
    // The token is taken out of the address bar.
    expect(teacher.url()).not.toContain('token=');
  });

  // Typed in lower case without the dash: still the right class.
  const ana = await joinAs(browser, `${host.url}/`, code.toLowerCase(), 'Ana');
  const ben = await joinAs(browser, `${host.url}/`, formatRoomCode(code), 'Ben');

  await test.step('everyone sees the participant list with roles', async () => {
    for (const page of [teacher, ana, ben]) {
      await expect(participants(page)).toHaveCount(3);
      await expect(participants(page).filter({ hasText: 'Teacher' })).toContainText('teacher');
      await expect(participants(page).filter({ hasText: 'Ana' })).toContainText('student');
    }
  });

  await test.step('chat both ways, same order for everyone', async () => {
    await send(teacher, 'Welcome to class');
    await send(ana, 'Hello from Ana');
    await send(ben, 'Hi, Ben here');
    const expected = ['Welcome to class', 'Hello from Ana', 'Hi, Ben here'];
    for (const page of [teacher, ana, ben]) await expect.poll(() => chatTexts(page)).toEqual(expected);
    await expect(chat(ana).locator('.chat-message').first()).toContainText('Teacher');
  });

  await test.step('a student reload rejoins as the same participant, history once', async () => {
    await ana.reload();
    await expect.poll(() => chatTexts(ana)).toEqual(['Welcome to class', 'Hello from Ana', 'Hi, Ben here']);
    await expect(participants(teacher)).toHaveCount(3);
    await expect(participants(teacher).filter({ hasText: 'Ana' })).toHaveCount(1);
  });

  await test.step('host restart on the same data dir keeps the class and its history', async () => {
    const port = Number(new URL(host!.url).port);
    expect(await host!.stop()).toBe(0);
    await expect(ben.getByRole('status', { name: 'Connection', exact: true })).toContainText('Reconnecting');
    host = await startHost(host!.dataDir, port);
    expect(host.code).toBe(code);
    await expect(ben.getByRole('status', { name: 'Connection', exact: true })).toHaveText('', { timeout: 15_000 });
    await send(ben, 'Back after restart');
    for (const page of [teacher, ana]) await expect(chat(page)).toContainText('Back after restart');
    await teacher.reload();
    await expect.poll(() => chatTexts(teacher)).toEqual([
      'Welcome to class',
      'Hello from Ana',
      'Hi, Ben here',
      'Back after restart',
    ]);
  });

  await test.step('End class sends every student home and keeps the chat', async () => {
    await teacher.getByRole('button', { name: 'End class' }).click();
    await expect(teacher.getByRole('heading', { name: 'Class ended' })).toBeVisible();
    for (const page of [ana, ben]) {
      await expect(page.getByRole('alert')).toContainText('The teacher ended the class');
      await expect(page.getByRole('button', { name: 'Join a class' })).toBeVisible();
    }
    // A reload does not bring an ended class back.
    await ana.reload();
    await expect(ana.getByRole('button', { name: 'Join a class' })).toBeVisible();
  });
});

test('a wrong room code gives a clear message and no join', async ({ browser }) => {
  host = await startHost();
  const teacher = await openPage(browser, host.teacherUrl);
  await expect(participants(teacher)).toHaveCount(1);
  const wrong = host.code === 'ZZZZZZ' ? 'YYY-YYY' : 'ZZZ-ZZZ';
  const page = await openPage(browser, `${host.url}/`);
  await page.getByRole('button', { name: 'Join a class' }).click();
  await page.getByLabel('Room code').fill(wrong);
  await page.getByLabel('Your name').fill('Eve');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('alert')).toContainText('No class with that code');
  await expect(page.getByLabel('Room code')).toBeVisible();
  await page.getByLabel('Room code').fill('AB');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('alert')).toContainText('6 letters and digits');
  await expect(participants(teacher)).toHaveCount(1);
});
