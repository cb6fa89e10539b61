import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../sdk/support/modelreg-process.js';

/** Debian's chromium (`apt-get install chromium`, as .ci/run does): never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser suite cannot run here, or undefined when it can. In CI a missing piece fails instead. */
export function browserSkipReason(): string | undefined {
  const missing = [
    existsSync(CHROMIUM) ? undefined : `${CHROMIUM} (apt-get install -y chromium)`,
    existsSync(join(REPO_ROOT, 'packages/server/web/index.html'))
      ? undefined
      : 'the built UI (npm run build)',
    existsSync(join(REPO_ROOT, 'packages/cli/dist/main.js')) ? undefined : 'the built CLI (npm run build)',
  ].filter((m) => m !== undefined);
  if (missing.length === 0) return undefined;
  const reason = `needs ${missing.join(' and ')}`;
  if (process.env['CI'] === 'true') throw new Error(`the browser suite ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless chromium with a fresh profile of its own, at a laptop's window size. */
export async function launchBrowser(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'modelreg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1366, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  // Waits are for conditions; on a loaded machine they may take long, never forever.
  context.setDefaultTimeout(90_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageWatch {
  /** Console errors and page errors, CSP reports included. */
  readonly problems: string[];
  /** Resolves once no request of the page to `origin` is in flight (checked after the page's effects ran). */
  idle(): Promise<void>;
}

/** Records what goes wrong in a page and which of its requests to the registry are in flight. */
export function watchPage(page: Page, origin: string): PageWatch {
  const problems: string[] = [];
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (request.url().startsWith(origin)) inFlight += 1;
  });
  const done = (request: { url(): string }) => {
    if (!request.url().startsWith(origin)) return;
    inFlight -= 1;
    settle();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    problems,
    idle: async () => {
      // Two animation frames: React has rendered and its effects have started their requests.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: readonly string[] }[];
}

/**
 * The page's serious and critical accessibility violations (axe-core, WCAG 2.1 A and AA rules).
 * axe is evaluated through the devtools protocol, so the page's CSP stays as it is.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
