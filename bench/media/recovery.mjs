#!/usr/bin/env node
/**
 * How live media recovers from a crash of the host's SFU worker thread (not a test: it prints
 * what happened). One teacher shares (Chromium's fake screen), one student watches; the SFU
 * worker is crashed; the teacher shares again as soon as the page offers it; we time when the
 * student's stage shows new frames. The host tells the student's page at once that its leg
 * failed (media_leg_failed), so it asks for a new one without waiting for ICE to time out.
 *
 *   npm run build && node bench/media/recovery.mjs [--runs 3]
 *
 * Runs inside a private network namespace (loopback only) when unshare allows it, like e2e.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, enterLoopbackNamespace, executablePath, STAGE_VIDEO, startHostChild } from './common.mjs';

enterLoopbackNamespace();

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });

const frames = (page) =>
  page.evaluate((sel) => document.querySelector(sel)?.getVideoPlaybackQuality().totalVideoFrames ?? 0, STAGE_VIDEO);

async function once(browser) {
  const host = await startHostChild();
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(host.teacherUrl);
  await teacher.getByRole('button', { name: 'Share screen' }).click();
  await teacher.getByRole('button', { name: 'Stop sharing' }).waitFor();
  const student = await (await browser.newContext()).newPage();
  await student.goto(`${host.url}/`);
  await student.getByRole('button', { name: 'Join a class' }).click();
  await student.getByLabel('Room code').fill(host.code);
  await student.getByLabel('Your name').fill('S');
  await student.getByRole('button', { name: 'Join' }).click();
  await student.waitForFunction((sel) => document.querySelector(sel)?.getVideoPlaybackQuality().totalVideoFrames > 0, STAGE_VIDEO, { timeout: 15_000 });
  await new Promise((r) => setTimeout(r, 1000));

  const t0 = performance.now();
  await host.ask('crash');
  // The host ends the publication: the teacher's page offers "Share screen" again.
  await teacher.getByRole('button', { name: 'Share screen' }).waitFor({ timeout: 10_000 });
  const shareEnded = performance.now() - t0;
  await teacher.getByRole('button', { name: 'Share screen' }).click();
  await teacher.getByRole('button', { name: 'Stop sharing' }).waitFor();
  const reshared = performance.now() - t0;
  let studentBack = NaN;
  const base = await frames(student);
  while (performance.now() - t0 < 60_000) {
    // A new stage video starts counting at 0; the old one would have kept its count.
    const n = await frames(student);
    if (n > 0 && n !== base) {
      studentBack = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all([teacher, student].map((p) => p.context().close()));
  await host.ask('close');
  return { shareEnded, reshared, studentBack };
}

const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
try {
  for (let i = 0; i < Number(values.runs); i++) {
    const r = await once(browser);
    console.log(
      `run ${i + 1}: teacher told the share ended after ${r.shareEnded.toFixed(0)} ms, shared again at ${r.reshared.toFixed(0)} ms, ` +
        `student sees frames again at ${Number.isNaN(r.studentBack) ? 'never (60 s)' : `${r.studentBack.toFixed(0)} ms`} after the crash`,
    );
  }
} finally {
  await browser.close();
}
