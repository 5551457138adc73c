import { join } from 'node:path';
import { type RunningTracker, startTracker } from '@compact-tracker/local/server';
import chromium from '@sparticuz/chromium';
import { type Browser, type Locator, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

// The whole tracker as `npm start` runs it (DynamoDB Local, demo data, API and pages in one
// process) and a real Chromium from @sparticuz/chromium (or CHROMIUM_PATH), for one test file.

type Viewport = { width: number; height: number };

export function trackerInBrowser(viewport: Viewport = { width: 1200, height: 900 }) {
  let tracker: RunningTracker;
  let browser: Browser;

  beforeAll(async () => {
    [tracker, browser] = await Promise.all([
      startTracker({ demoData: true, port: 0 }),
      playwright.launch({
        executablePath: process.env.CHROMIUM_PATH ?? (await chromium.executablePath()),
        args: chromium.args,
        headless: true,
      }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await tracker?.stop();
  });

  /**
   * A fresh browser context (no cookies) whose console errors, CSP violations among them, are
   * kept. It is left open: with chromium.args' --single-process, closing a context takes the
   * browser down.
   */
  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ baseURL: tracker.url, viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }

  /** The running tracker (its URL, and its token issuer for calls to the API). */
  const running = () => tracker;

  return { newPage, running };
}

export const visible = (locator: Locator, timeout = 10_000) => locator.waitFor({ state: 'visible', timeout });

const SCREENSHOTS = process.env.E2E_SCREENSHOTS;

/** A screenshot for a person to look at, when E2E_SCREENSHOTS names a folder. */
export async function keep(target: Page | Locator, name: string) {
  if (!SCREENSHOTS) return;
  await target.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    timeout: 20_000,
    ...('goto' in target ? { fullPage: true } : {}),
  });
}
