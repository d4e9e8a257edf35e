#!/usr/bin/env node
/**
 * Regenerates the README screenshots: a real host (127.0.0.1) and real Chromium.
 * Run after `npm run build`:  node scripts/screenshots.mjs
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const out = path.resolve('docs/screenshots');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-shots-'));
const child = spawn(process.execPath, ['dist/node/server/cli.js', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--json', '--name', 'Biology 101'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise((resolve) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const line = buf.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
});
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const viewport = { width: 1280, height: 800 };
try {
  const teacher = await (await browser.newContext({ viewport })).newPage();
  await teacher.goto(info.teacherUrl);
  await teacher.getByLabel('Message').waitFor();
  const students = [];
  for (const name of ['Ana', 'Ben', 'Chloé']) {
    const p = await (await browser.newContext({ viewport })).newPage();
    await p.goto(info.url + '/');
    await p.getByRole('button', { name: 'Join a class' }).click();
    if (name === 'Ana') {
      await p.getByLabel('Room code').fill(info.code.slice(0, 3) + '-' + info.code.slice(3));
      await p.getByLabel('Your name').fill(name);
      await p.screenshot({ path: path.join(out, 'join.png') });
    }
    await p.getByLabel('Room code').fill(info.code);
    await p.getByLabel('Your name').fill(name);
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByLabel('Message').waitFor();
    students.push(p);
  }
  const say = async (page, text) => {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: 'Chat' }).getByText(text, { exact: true }).waitFor();
  };
  await say(teacher, 'Good morning! Today: cell structure.');
  await say(students[0], 'Good morning!');
  await say(students[1], 'Will this be on the test?');
  await say(teacher, 'Yes — the membrane part especially.');
  await teacher.waitForTimeout(300);
  await teacher.evaluate(() => window.scrollTo(0, 0));
  await teacher.screenshot({ path: path.join(out, 'teacher.png') });
  await teacher.screenshot({ path: path.join(out, 'teacher-full.png'), fullPage: true });
  await students[0].waitForTimeout(300);
  await students[0].screenshot({ path: path.join(out, 'student.png') });
  console.log('screenshots written to', out);
} finally {
  await browser.close();
  child.kill('SIGINT');
}
