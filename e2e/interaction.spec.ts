/**
 * A short lesson in real Chromium against a real host process: a hand goes up, a poll with
 * results, a two-question quiz with scores, and an urgent announcement both students
 * acknowledge.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { startHost, type HostProcess } from './hostProcess';
import { joinAs, openPage } from './helpers';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

async function answerQuiz(page: Page, answers: [string, string][]) {
  for (const [question, answer] of answers) await page.getByRole('group', { name: question }).getByLabel(answer).check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText('Answers sent.')).toBeVisible();
}

test('a short lesson: hand up, poll, timed quiz, urgent announcement, chat moderation', async ({ browser }) => {
  host = await startHost();
  const teacher = await openPage(browser, host.teacherUrl);
  const ana = await joinAs(browser, `${host.url}/`, host.code, 'Ana');
  const ben = await joinAs(browser, `${host.url}/`, host.code, 'Ben');
  const hands = teacher.getByRole('region', { name: 'Hands raised' });

  await test.step('Ana raises her hand; the teacher sees the queue and lowers it', async () => {
    await ana.getByRole('button', { name: 'Raise hand' }).click();
    await expect(ana.getByRole('button', { name: 'Lower hand' })).toBeVisible();
    await expect(hands.getByRole('listitem')).toHaveText([/Ana/]);
    await hands.getByRole('button', { name: "Lower Ana's hand" }).click();
    await expect(hands).toContainText('No hands up.');
    await expect(ana.getByRole('button', { name: 'Raise hand' })).toBeVisible();
  });

  await test.step('a poll: both vote, the teacher sees live results, students see them after the close', async () => {
    await teacher.getByRole('button', { name: 'New poll' }).click();
    await teacher.getByLabel('Question', { exact: true }).fill('Ready for the quiz?');
    await teacher.getByLabel('Options (one per line)').fill('Ready\nNot yet');
    await teacher.getByRole('button', { name: 'Start poll' }).click();
    await ana.getByLabel('Ready', { exact: true }).check();
    await ana.getByRole('button', { name: 'Vote' }).click();
    await ben.getByLabel('Not yet').check();
    await ben.getByRole('button', { name: 'Vote' }).click();
    const results = teacher.getByRole('region', { name: 'Poll results' });
    await expect(results.getByRole('listitem', { name: 'Ready: 1 (50%)' })).toBeVisible();
    await expect(results.getByRole('listitem', { name: 'Not yet: 1 (50%)' })).toBeVisible();
    await expect(ana.getByRole('region', { name: 'Poll results' })).toHaveCount(0);
    await teacher.getByRole('button', { name: 'Close poll' }).click();
    await expect(ben.getByRole('region', { name: 'Poll results' })).toContainText('2 votes');
  });

  await test.step('a two-question quiz: each student sees their score, the teacher the table', async () => {
    await teacher.getByRole('button', { name: 'New quiz' }).click();
    await teacher.getByLabel('Quiz title').fill('Warm-up');
    await teacher.getByLabel('Question 1 text').fill('2 + 2 = ?');
    await teacher.getByLabel('Question 1 answers (one per line)').fill('3\n4');
    await teacher.getByLabel('Question 1 correct answer').selectOption({ label: '4' });
    await teacher.getByRole('button', { name: 'Add question' }).click();
    await teacher.getByLabel('Question 2 text').fill('Capital of France?');
    await teacher.getByLabel('Question 2 answers (one per line)').fill('Paris\nRome');
    await teacher.getByLabel('Question 2 correct answer').selectOption({ label: 'Paris' });
    await teacher.getByRole('button', { name: 'Start quiz' }).click();

    await answerQuiz(ana, [['2 + 2 = ?', '4'], ['Capital of France?', 'Paris']]);
    await answerQuiz(ben, [['2 + 2 = ?', '3'], ['Capital of France?', 'Paris']]);
    const scores = teacher.getByRole('table', { name: 'Quiz scores' });
    await expect(scores.getByRole('row')).toHaveCount(3);
    await teacher.getByRole('button', { name: 'End quiz now' }).click();
    await expect(ana.getByRole('status').filter({ hasText: 'Your score' })).toHaveText('Your score: 2 / 2');
    await expect(ben.getByRole('status').filter({ hasText: 'Your score' })).toHaveText('Your score: 1 / 2');
    await expect(scores.getByRole('row', { name: /Ana/ })).toContainText('2 / 2');
    await expect(scores.getByRole('row', { name: /Ben/ })).toContainText('1 / 2');
    const download = teacher.waitForEvent('download');
    await teacher.getByRole('button', { name: 'Export CSV' }).click();
    const csv = fs.readFileSync(await (await download).path(), 'utf8');
    expect(csv).toContain('Ana,2,2,B,A');
  });

  await test.step('an urgent announcement takes over both screens until acknowledged', async () => {
    await teacher.getByLabel('Announcement', { exact: true }).fill('Fire drill: leave by the east stairs');
    await teacher.getByLabel('Priority').selectOption('urgent');
    await teacher.getByRole('button', { name: 'Announce' }).click();
    for (const page of [ana, ben]) {
      const dialog = page.getByRole('dialog', { name: 'Urgent announcement' });
      await expect(dialog).toContainText('Fire drill: leave by the east stairs');
      await dialog.getByRole('button', { name: 'Acknowledge' }).click();
      await expect(dialog).toHaveCount(0);
    }
    const sent = teacher.getByRole('list', { name: 'Announcements sent' });
    await expect(sent).toContainText('Acknowledged: Ana, Ben');
    await expect(sent).toContainText('Waiting for: nobody');
  });

  await test.step('chat: typing, a code message, delete, mute, remove from class', async () => {
    await ana.getByLabel('Message', { exact: true }).pressSequentially('hel');
    await expect(teacher.getByText('Ana is typing…')).toBeVisible();
    await ana.getByLabel('Send as code').check();
    await ana.getByLabel('Code language').fill('python');
    await ana.getByLabel('Message', { exact: true }).fill('print("hi")');
    await ana.getByRole('button', { name: 'Send' }).click();
    const code = teacher.getByRole('log', { name: 'Chat' }).locator('.chat-message.code');
    await expect(code.locator('pre')).toHaveText('print("hi")');
    await expect(code).toContainText('python');
    await expect(teacher.getByText('Ana is typing…')).toHaveCount(0);

    await code.getByRole('button', { name: 'Delete message' }).click();
    for (const page of [teacher, ana, ben]) {
      await expect(page.getByRole('log', { name: 'Chat' })).toContainText('Message deleted by the teacher.');
    }

    const students = teacher.getByRole('list', { name: 'Moderation' });
    await teacher.getByLabel('Reason shown when muting').fill('Quiet during the test');
    await students.getByRole('listitem').filter({ hasText: 'Ben' }).getByRole('button', { name: 'Mute' }).click();
    await expect(ben.getByRole('alert').filter({ hasText: 'muted you' })).toContainText('Quiet during the test');

    teacher.once('dialog', (d) => void d.accept());
    await students.getByRole('listitem').filter({ hasText: 'Ben' }).getByRole('button', { name: 'Remove from class' }).click();
    await expect(teacher.getByRole('list', { name: 'Participants' })).not.toContainText('Ben');
    await expect(teacher.getByRole('log', { name: 'Chat' })).toContainText('Ben was removed from the class.');
  });
});
