/** What every e2e spec does: open a page in its own browser context, and join a class by code. */
import { expect, type Browser, type Page } from '@playwright/test';

/** A page in a fresh context (its own sessionStorage: a separate person). */
export async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(url);
  return page;
}

/** Home → Join a class → code and name → in class (listed among the participants). */
export async function joinAs(browser: Browser, url: string, code: string, name: string, opened?: Page): Promise<Page> {
  const page = opened ?? (await openPage(browser, url));
  await page.getByRole('button', { name: 'Join a class' }).click();
  await page.getByLabel('Room code').fill(code);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('list', { name: 'Participants' })).toContainText(name);
  return page;
}
