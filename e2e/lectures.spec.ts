/**
 * Issue 3 end to end: the teacher creates a classroom, schedules and starts a lecture, two
 * students join and chat, one leaves and comes back, the teacher ends it; the archive shows
 * attendance and the transcript, and the CSV download has a row per student. Files (issue 6):
 * a file shared in class and a hand-in are listed in the archive and download from it.
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

async function say(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('log', { name: 'Chat' })).toContainText(text);
}

test('schedule, start, attend, end, and read the archive', async ({ browser }) => {
  host = await startHost();
  const teacher = await openPage(browser, host.teacherUrl);
  await teacher.getByRole('button', { name: 'Lectures' }).click();
  await expect(teacher.getByRole('table', { name: 'Lectures' })).toBeVisible();

  await test.step('create, rename and delete a classroom', async () => {
    await teacher.getByLabel('Name', { exact: true }).fill('Spare room');
    await teacher.getByLabel('Capacity').fill('5');
    await teacher.getByRole('button', { name: 'New classroom' }).click();
    const rooms = teacher.getByRole('table', { name: 'Classrooms' });
    const row = rooms.getByRole('row', { name: /Spare room/ });
    await row.getByRole('button', { name: 'Rename' }).click();
    await rooms.getByLabel('New name for Spare room').fill('Music room');
    await rooms.getByRole('button', { name: 'Save' }).click();
    const renamed = rooms.getByRole('row', { name: /Music room/ });
    await expect(renamed).toContainText('Available');
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await expect(rooms).not.toContainText('Music room');
  });

  await test.step('create a classroom and schedule a lecture in it', async () => {
    await teacher.getByLabel('Name', { exact: true }).fill('Biology Lab');
    await teacher.getByLabel('Capacity').fill('30');
    await teacher.getByRole('button', { name: 'New classroom' }).click();
    await expect(teacher.getByLabel('Classroom', { exact: true })).toContainText('Biology Lab');
    await teacher.getByLabel('Title', { exact: true }).fill('Cells and membranes');
    await teacher.getByLabel('Date and time').fill('2030-01-15T09:00');
    await teacher.getByLabel('Classroom', { exact: true }).selectOption({ label: 'Biology Lab (30 seats)' });
    await teacher.getByLabel('Description').fill('Chapter 3');
    await teacher.getByLabel('Max participants').fill('10');
    await teacher.getByRole('button', { name: 'Schedule lecture' }).click();
    const row = teacher.getByRole('row', { name: /Cells and membranes/ });
    await expect(row).toContainText('Scheduled');
    await row.getByRole('button', { name: 'Start lecture' }).click();
  });

  await expect(teacher.getByRole('heading', { name: 'Cells and membranes' })).toBeVisible();
  const code = (await teacher.getByLabel('Room code').textContent())!.trim();
  const ana = await joinAs(browser, `${host.url}/`, code, 'Ana');
  const ben = await joinAs(browser, `${host.url}/`, code, 'Ben');
  await say(ana, 'Is the membrane a lipid bilayer?');
  await say(teacher, 'Yes, exactly.');
  await say(ben, 'Thanks!');

  await test.step('the teacher shares a file, Ben hands one in', async () => {
    const [chooser] = await Promise.all([teacher.waitForEvent('filechooser'), teacher.getByRole('button', { name: 'Share file' }).click()]);
    await chooser.setFiles({ name: 'membranes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 lipid bilayer') });
    await expect(ana.getByRole('region', { name: 'Files' })).toContainText('membranes.pdf');
    const [handIn] = await Promise.all([ben.waitForEvent('filechooser'), ben.getByRole('button', { name: 'Hand in' }).click()]);
    await handIn.setFiles({ name: 'lab-report.txt', mimeType: 'text/plain', buffer: Buffer.from("Ben's lab report") });
    await expect(teacher.getByRole('region', { name: 'Files' })).toContainText('lab-report.txt');
  });

  await test.step('Ana leaves for a while and comes back as the same person', async () => {
    await ana.goto('about:blank');
    await expect(teacher.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2, { timeout: 10_000 });
    await ana.goBack();
    await expect(teacher.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(3);
    await expect(ana.getByRole('log', { name: 'Chat' })).toContainText('Thanks!');
  });

  await test.step('live attendance is visible to the teacher during class', async () => {
    await teacher.getByText('Live attendance').click();
    await expect(teacher.getByRole('table', { name: 'Attendance' })).toContainText('Ana');
    await expect(teacher.getByRole('table', { name: 'Attendance' })).toContainText('Ben');
  });

  await teacher.getByRole('button', { name: 'End class' }).click();
  await expect(ana.getByRole('alert')).toContainText('The teacher ended the class');
  await teacher.getByRole('button', { name: 'Lectures and attendance' }).click();
  const row = teacher.getByRole('row', { name: /Cells and membranes/ });
  await expect(row).toContainText('Completed');
  await row.getByRole('button', { name: 'Attendance and chat' }).click();

  await test.step('the archive: attendance with plausible minutes and the transcript', async () => {
    const table = teacher.getByRole('table', { name: 'Attendance' });
    await expect(table.getByRole('row')).toHaveCount(3); // header + Ana + Ben
    const anaRow = table.getByRole('row', { name: /Ana/ });
    const minutes = Number(await anaRow.getByRole('cell').nth(3).textContent());
    expect(minutes).toBeGreaterThanOrEqual(0);
    expect(minutes).toBeLessThan(5);
    await expect(anaRow.getByRole('cell').nth(4)).toHaveText('1');
    await expect(teacher.getByRole('list', { name: 'Transcript' })).toContainText('Is the membrane a lipid bilayer?');
    await expect(teacher.getByRole('list', { name: 'Transcript' })).toContainText('Yes, exactly.');
  });

  await test.step('Download CSV has one row per student', async () => {
    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      teacher.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Cells and membranes attendance.csv');
    const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r\n/);
    expect(lines[0]).toBe('name,first join,last leave,minutes present,messages,hands raised');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['Ana', 'Ben']);
    expect(lines.find((l) => l.startsWith('Ben,'))!.split(',')[4]).toBe('1');
  });

  await test.step('the archive lists the shared file and the hand-in, and downloads them', async () => {
    await expect(teacher.getByRole('list', { name: 'Shared files' })).toContainText('membranes.pdf');
    await expect(teacher.getByRole('list', { name: 'Hand-ins' })).toContainText('lab-report.txt');
    await expect(teacher.getByRole('list', { name: 'Hand-ins' })).toContainText('handed in by Ben');
    for (const [name, text] of [
      ['membranes.pdf', '%PDF-1.4 lipid bilayer'],
      ['lab-report.txt', "Ben's lab report"],
    ]) {
      const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('button', { name: `Download ${name}` }).click()]);
      expect(download.suggestedFilename()).toBe(name);
      expect(fs.readFileSync((await download.path())!, 'utf8')).toBe(text);
    }
  });
});
