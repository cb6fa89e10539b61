import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ModelRegistry } from '@modelreg/client';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../sdk/support/modelreg-process.js';
import {
  axeViolations,
  browserSkipReason,
  launchBrowser,
  watchPage,
  type PageWatch,
  type TestBrowser,
} from './support/browser.js';
import { seedRegistry, type SeededRegistry } from './support/seed.js';
import { startWebRegistry, type WebRegistry } from './support/web-registry.js';

const skipReason = browserSkipReason();
// A browser, a server and the suite's other files share two cores: generous bounds, no timing asserts.
vi.setConfig({ testTimeout: 120_000 });
/**
 * Where the page screenshots go: an ignored directory by default (CI keeps them), docs/screenshots
 * with `npm run screenshots` (the README shows three of them).
 */
const SCREENSHOTS = join(REPO_ROOT, process.env['MODELREG_SCREENSHOT_DIR'] ?? '.screenshots');

/** Messages a page may log that are not defects (each explained). */
const EXPECTED = [
  // The browser logs every 4xx answer; the pages handle them: a bad filter (400) and a refused
  // move (412) are shown in place, a version without stored files (404) says so, a 401 signs out.
  /Failed to load resource: the server responded with a status of (400|401|404|412)/,
];
/**
 * On the pages that show the hostile model card: parsing it (in an inert document, to sanitise
 * it) makes chromium check its handler and style attributes against the page's CSP, which refuses
 * them and says so. Proof that the policy is on; nothing runs.
 */
const CARD_CSP = /violates the following Content Security Policy directive '(script-src|style-src) 'self''/;

describe.skipIf(skipReason !== undefined)(
  `the web UI in chromium${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let registry: WebRegistry;
    let seeded: SeededRegistry;
    let browser: TestBrowser;
    let admin: Page;
    let watch: PageWatch;
    const violations: Record<string, unknown[]> = {};
    const problems: Record<string, string[]> = {};
    const seen = new Map<PageWatch, number>();

    /** Opens a path and waits for a locator that shows its data arrived, then for our requests to end. */
    const open = async (page: Page, path: string, ready: string) => {
      await page.goto(`${registry.url}${path}`);
      await page.locator(ready).first().waitFor();
    };
    /** Screenshot and accessibility scan of the page as it is now. */
    const record = async (page: Page, name: string, pageWatch: PageWatch = watch) => {
      await pageWatch.idle();
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
      violations[name] = await axeViolations(page);
      const from = seen.get(pageWatch) ?? 0;
      seen.set(pageWatch, pageWatch.problems.length);
      problems[name] = pageWatch.problems
        .slice(from)
        .filter(
          (p) => !EXPECTED.some((e) => e.test(p)) && !(name.endsWith('model-card') && CARD_CSP.test(p)),
        );
    };

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      registry = await startWebRegistry({ auth: 'token' });
      seeded = await seedRegistry(registry.url, registry.tokens.admin);
      browser = await launchBrowser();
      admin = await browser.context.newPage();
      watch = watchPage(admin, registry.url);
    });
    afterAll(async () => {
      await browser?.close();
      await registry?.stop();
    });

    it('signs in with a token that stays out of the URL, and ships under 300 kB of JavaScript gzipped for the first page', async () => {
      // The first page a browser opens (cold cache): its scripts, as transferred (gzip).
      const scripts = new Map<string, Promise<number>>();
      const countScripts = (response: Response) => {
        if (response.request().resourceType() !== 'script') return;
        const headers = response.headers();
        expect(headers['content-encoding'], response.url()).toBe('gzip');
        scripts.set(response.url(), Promise.resolve(Number(headers['content-length'])));
      };
      admin.on('response', countScripts);
      await open(admin, '/models/mnist', 'input[type=password]');
      await watch.idle();
      admin.off('response', countScripts);
      expect(new URL(admin.url()).pathname).toBe('/login');
      const bytes = (await Promise.all(scripts.values())).reduce((sum, n) => sum + n, 0);
      console.log(`first page: ${scripts.size} scripts, ${(bytes / 1024).toFixed(1)} kB gzipped`);
      expect(bytes).toBeGreaterThan(10_000);
      expect(bytes).toBeLessThan(300 * 1024);
      await record(admin, 'login');

      await admin.getByLabel('Token').fill(registry.tokens.admin);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      // Back where it was asked for, signed in.
      await admin.getByRole('heading', { name: 'mnist', level: 1 }).waitFor();
      expect(admin.url()).not.toContain(registry.tokens.admin);
      expect(await admin.evaluate(() => sessionStorage.getItem('modelreg.token'))).toBe(
        registry.tokens.admin,
      );

      // The list of models needs no script beyond those: its code is in the first bundle.
      const more: string[] = [];
      const listScripts = (response: Response) => {
        if (response.request().resourceType() === 'script' && !scripts.has(response.url()))
          more.push(response.url());
      };
      admin.on('response', listScripts);
      await open(admin, '/', 'table.data-table a[href="/models/mnist"]');
      await watch.idle();
      admin.off('response', listScripts);
      expect(more).toEqual([]);
    });

    it('lists models with their latest and Production versions, and a filter expression returns the right rows', async () => {
      await open(admin, '/', 'table.data-table a[href="/models/mnist"]');
      const row = admin.locator('tr', { has: admin.locator('a[href="/models/mnist"]') });
      // Each version's name, and below it when it was registered (what its column sorts by).
      expect(await row.locator('td').nth(0).locator('a').innerText()).toBe('v3');
      expect(await row.locator('td').nth(1).locator('a').innerText()).toBe('v1');
      expect(await row.locator('td').nth(0).locator('time').count()).toBe(1);
      await record(admin, 'models-list');

      const search = admin.getByRole('combobox', { name: 'Search models' });
      await search.click();
      await search.pressSequentially('metrics.acc');
      // Suggested from the registry's metric names.
      await admin.getByRole('option', { name: 'metrics.accuracy' }).waitFor();
      await search.press('ArrowDown');
      await search.press('Enter');
      expect(await search.inputValue()).toBe('metrics.accuracy ');
      await search.pressSequentially('>= 0.96');
      await search.press('Enter');
      await admin.waitForURL(/q=metrics\.accuracy/);
      await rowsShow(admin, ['mnist']);
      expect(await modelNames(admin)).toEqual(['mnist']);

      await search.fill("metrics.accuracy >= 0.85 AND format = 'xgboost'");
      await search.press('Enter');
      await admin.waitForURL(/xgboost/);
      await rowsShow(admin, ['churn']);
      expect(await modelNames(admin)).toEqual(['churn']);

      // A bad expression says where it is wrong, in place.
      await search.fill('metrics.accuracy >=');
      await search.press('Enter');
      await admin.locator('.field-error').waitFor();

      // Quick filters and the back button: the URL holds the view.
      await open(admin, '/', 'table.data-table');
      await admin.getByLabel('Stage', { exact: true }).selectOption('Staging');
      await admin.waitForURL(/stage=Staging/);
      await rowsShow(admin, ['churn']);
      expect(await modelNames(admin)).toEqual(['churn']);
      await admin.goBack();
      await rowsShow(admin, ['churn', 'mnist', 'sentiment']);
      expect((await modelNames(admin)).sort()).toEqual(['churn', 'mnist', 'sentiment']);
    });

    it('shows a model: versions with metric columns, its card rendered safely, aliases, deployments, history', async () => {
      await open(admin, '/models/mnist?metrics=accuracy', 'a[href="/models/mnist/versions/v2"]');
      const v2 = admin.locator('tr', { has: admin.locator('a[href="/models/mnist/versions/v2"]') });
      expect(await v2.locator('td.numeric').innerText()).toBe('0.97');
      await record(admin, 'model-page');

      await open(admin, '/models/mnist?tab=overview', '.model-card h1');
      const card = await admin.evaluate(() => {
        const element = document.querySelector('.model-card');
        const all = Array.from(element?.querySelectorAll('*') ?? []);
        return {
          pwned: (window as { __pwned?: unknown }).__pwned,
          scripts: element?.querySelectorAll('script, iframe, style').length,
          handlers: all.filter((e) =>
            Array.from(e.attributes).some((a) => a.name.startsWith('on') || a.name === 'style'),
          ).length,
          javascriptLinks: all.filter((e) => (e.getAttribute('href') ?? '').startsWith('javascript:')).length,
          text: element?.textContent ?? '',
        };
      });
      expect(card).toMatchObject({ pwned: undefined, scripts: 0, handlers: 0, javascriptLinks: 0 });
      expect(card.text).toContain('A small CNN trained on MNIST');
      await admin.getByRole('button', { name: 'Remove the label vision' }).waitFor();
      await record(admin, 'model-card');

      await open(admin, '/models/mnist?tab=aliases', 'text=@champion');
      await record(admin, 'model-aliases');
      await open(admin, '/models/mnist?tab=deployments', '.timeline-item');
      expect(await admin.locator('.timeline-item').first().innerText()).toContain('prod-eu');
      await record(admin, 'model-deployments');
      await open(admin, '/models/mnist?tab=history', 'text=first release');
      await record(admin, 'model-history');
    });

    it('refuses a stage transition that the policy does not allow, showing the unmet conditions first', async () => {
      await open(admin, '/models/mnist/versions/v3', 'text=Change stage');
      await admin.getByRole('button', { name: 'Change stage' }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.getByRole('radio', { name: /Production/ }).check();
      const conditions = dialog.getByRole('list', { name: 'Conditions to enter Production' });
      await conditions.waitFor();
      expect(await conditions.innerText()).toContain('accuracy >= 0.99 (it is 0.95)');
      expect(await conditions.innerText()).toContain('lineage must record code');
      expect(await dialog.locator('.check-unmet').count()).toBe(2);
      await record(admin, 'stage-dialog');
      await dialog.getByRole('button', { name: 'Move to Production' }).click();
      const refusal = dialog.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain('accuracy >= 0.99 (it is 0.95)');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await admin.locator('.title-row .badge').first().innerText()).toBe('Development');
    });

    it('promotes a version: the stage, the history and the audit log show it', async () => {
      await open(admin, '/models/mnist/versions/v3', 'text=Change stage');
      await admin.getByRole('button', { name: 'Change stage' }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.getByRole('radio', { name: /Staging/ }).check();
      await dialog.getByLabel('Comment (kept in the history)').fill('ready for QA');
      await dialog.getByRole('button', { name: 'Move to Staging' }).click();
      await admin.locator('.title-row .stage-staging').waitFor();
      const history = admin.locator('section', {
        has: admin.getByRole('heading', { name: 'Stage history' }),
      });
      await history.getByText('ready for QA').waitFor();
      await record(admin, 'version-promoted');

      await open(
        admin,
        `/audit?entityType=modelVersion&entityId=${seeded.versions['mnist:v3']}`,
        'text=transition modelVersion',
      );
      await admin.locator('.chain-valid').waitFor();
      await record(admin, 'audit-log');
    });

    it('compares versions: the differing metric and the best value are marked, with charts', async () => {
      const ids = ['mnist:v1', 'mnist:v2', 'mnist:v3'].map((key) => seeded.versions[key]).join(',');
      await open(admin, `/compare?ids=${ids}`, 'table.compare-table');
      const accuracy = admin.locator('tr', { has: admin.getByRole('rowheader', { name: /^accuracy/ }) });
      expect(await accuracy.getAttribute('class')).toContain('differs');
      expect(await accuracy.locator('td.is-best').innerText()).toContain('0.97');
      const state = admin.locator('tr', { has: admin.getByRole('rowheader', { name: /^state/ }) });
      expect(await state.getAttribute('class')).toBeNull();
      await admin.locator('canvas').nth(3).waitFor();
      await record(admin, 'compare');
      // The switch is the URL's (diff=1): it shows checked once the page rendered from that URL.
      await admin.getByLabel('Only rows that differ').click();
      await admin.waitForURL(/diff=1/);
      // The URL changes before React renders from it: wait for the switch and the rows.
      await admin.getByRole('checkbox', { name: 'Only rows that differ', checked: true }).waitFor();
      await state.waitFor({ state: 'detached' });
      expect(await admin.getByLabel('Only rows that differ').isChecked()).toBe(true);
      expect(await state.count()).toBe(0);
    });

    it('walks the lineage graph from a version to its dataset, and from the dataset to its versions', async () => {
      await open(admin, '/models/mnist/versions/v2', '.lineage-node');
      await record(admin, 'version-page');
      await admin.locator('.lineage-node', { hasText: 'train' }).click();
      await admin.waitForURL(/\/lineage\?node=dataset/);
      const v3 = admin.locator('.lineage-node', { hasText: 'mnist:v3' });
      await v3.waitFor();
      await admin.locator('.lineage-node', { hasText: 'mnist:v2' }).waitFor();
      await record(admin, 'lineage');
      await v3.click();
      await admin.waitForURL(/\/models\/mnist\/versions\/v3$/);
      await admin.getByRole('heading', { name: /mnist v3/ }).waitFor();
    });

    it('keeps a token typed while the session check is still under way', async () => {
      const page = await browser.context.newPage();
      // The check (whoami) is held until the token is typed, then let through: the moment the
      // login form used to be replaced by a new, empty one.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/whoami', async (route) => {
        await held;
        await route.continue();
      });
      const checked = page.waitForResponse((r) => r.url().endsWith('/whoami'));
      await open(page, '/login', 'input[type=password]');
      await page.getByLabel('Token').fill(registry.tokens.viewer);
      release();
      await checked;
      // Signed out now: the main navigation (shown while checking) goes.
      await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'detached' });
      expect(await page.getByLabel('Token').inputValue()).toBe(registry.tokens.viewer);
      expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
      await page.close();
    });

    it('shows the regular-audit report: every finding the API reports, with why and its fix', async () => {
      const expected = await new ModelRegistry({ url: registry.url, token: registry.tokens.admin }).report();
      // The seeded registry has findings (tokens that never expire, at least).
      expect(expected.findings.length).toBeGreaterThan(0);
      await open(admin, '/report', '.fix-cell');
      const rows = admin.locator('table.data-table tbody tr');
      expect(await rows.count()).toBe(expected.findings.length);
      for (const finding of expected.findings) {
        const row = rows.filter({ hasText: finding.why });
        expect(await row.count()).toBeGreaterThan(0);
        expect(await row.first().locator('.fix-cell code').textContent()).toBe(finding.fix);
      }
      await record(admin, 'report');
    });

    it('shows a viewer no button for what a viewer may not do', async () => {
      const page = await browser.context.newPage();
      const viewerWatch = watchPage(page, registry.url);
      await open(page, '/login', 'input[type=password]');
      await page.getByLabel('Token').fill(registry.tokens.viewer);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('table.data-table a[href="/models/mnist"]').waitFor();
      await open(page, '/models/mnist/versions/v2', '.lineage-node');
      await viewerWatch.idle();
      for (const name of ['Change stage', 'Edit aliases', 'Record deployment']) {
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      }
      await open(page, '/models/mnist?tab=overview', '.model-card h1');
      await viewerWatch.idle();
      expect(await page.getByRole('button', { name: /Add|Remove/ }).count()).toBe(0);
      expect(await page.getByLabel('New label').count()).toBe(0);
      await record(page, 'viewer-model-card', viewerWatch);
      await page.close();
    });

    it('returns to the login page when the registry stops accepting the token (401)', async () => {
      const sdk = new ModelRegistry({ url: registry.url, token: registry.tokens.admin });
      const doomed = await sdk.createToken({ name: 'doomed', role: 'viewer' });
      const page = await browser.context.newPage();
      await open(page, '/login', 'input[type=password]');
      await page.getByLabel('Token').fill(doomed.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('table.data-table a[href="/models/mnist"]').waitFor();
      await sdk.revokeToken(doomed.id);
      await page.getByRole('link', { name: 'mnist', exact: true }).click();
      await page.getByText('Your session ended: sign in again.').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/models/mnist');
      expect(await page.evaluate(() => sessionStorage.getItem('modelreg.token'))).toBeNull();
      await page.close();
    });

    it('follows the dark theme of the system, and keeps a chosen theme', async () => {
      const page = await browser.context.newPage();
      const darkWatch = watchPage(page, registry.url);
      await page.emulateMedia({ colorScheme: 'dark' });
      await open(page, '/login', 'input[type=password]');
      await page.getByLabel('Token').fill(registry.tokens.admin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('table.data-table a[href="/models/mnist"]').waitFor();
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(await background()).toBe('rgb(20, 23, 28)');
      await record(page, 'models-list-dark', darkWatch);
      await open(page, '/models/mnist/versions/v2', '.lineage-node');
      await record(page, 'version-page-dark', darkWatch);
      // system → light, kept across a reload.
      await page.getByRole('button', { name: /^Theme: system/ }).click();
      // Kept (local storage) in the same step that marks the document: reload only after that.
      await page.locator('html[data-theme=light]').waitFor({ state: 'attached' });
      await page.reload();
      await page.locator('.lineage-node').first().waitFor();
      expect(await background()).toBe('rgb(255, 255, 255)');
      await page.getByRole('button', { name: /^Theme: light/ }).click();
      await page.getByRole('button', { name: /^Theme: dark/ }).click();
      await page.close();
    });

    it('scans with an accessibility checker that does find violations', async () => {
      const page = await browser.context.newPage();
      await page.setContent(
        '<!doctype html><html lang="en"><title>t</title><main><img src="data:,"><input></main></html>',
      );
      expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(['image-alt', 'label']);
      await page.close();
    });

    it('has no serious or critical accessibility violation on any page, and no error in its console', () => {
      expect(Object.keys(violations).sort()).toEqual(
        [
          'audit-log',
          'compare',
          'lineage',
          'login',
          'model-aliases',
          'model-card',
          'model-deployments',
          'model-history',
          'model-page',
          'models-list',
          'report',
          'models-list-dark',
          'stage-dialog',
          'version-page',
          'version-page-dark',
          'version-promoted',
          'viewer-model-card',
        ].sort(),
      );
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
      expect(problems).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
    });
  },
);

describe.skipIf(skipReason !== undefined)(
  'the web UI behind a gateway that signs users in (header mode)',
  () => {
    let registry: WebRegistry;
    let browser: TestBrowser;
    beforeAll(async () => {
      registry = await startWebRegistry({ auth: 'header' });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await registry?.stop();
    });

    it('needs no login: the gateway headers identify the user', async () => {
      const page = await browser.context.newPage();
      await page.setExtraHTTPHeaders({ 'kubeflow-userid': 'dana@example.com' });
      await page.goto(`${registry.url}/`);
      await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
      expect(await page.locator('.who').innerText()).toBe('dana@example.com');
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      await page.close();
    });
  },
);

/**
 * Waits until the list shows exactly these models (in any order). A new URL or an idle network
 * does not mean the new answer is on screen: the previous rows stay until React renders the new
 * ones, so the test waits for the rows themselves. Its bound, under the test's, only turns a wrong
 * list into a failure that says what the page showed instead.
 */
async function rowsShow(page: Page, names: readonly string[]): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const shown = Array.from(document.querySelectorAll('table.data-table tbody th[scope=row] > a')).map(
          (a) => (a as HTMLElement).innerText,
        );
        return JSON.stringify(shown.sort()) === JSON.stringify([...expected].sort());
      },
      names,
      { timeout: 90_000 },
    );
  } catch (error) {
    const shown = await page.evaluate(() => ({
      url: location.href,
      search: (document.querySelector('input[role=combobox]') as HTMLInputElement | null)?.value,
      error: document.querySelector('.field-error')?.textContent,
      rows: Array.from(document.querySelectorAll('table.data-table tbody th[scope=row] > a')).map(
        (a) => (a as HTMLElement).innerText,
      ),
    }));
    throw new Error(`the list never showed ${names.join(', ')}: ${JSON.stringify(shown)}`, { cause: error });
  }
}

async function modelNames(page: Page): Promise<string[]> {
  return page.locator('table.data-table tbody th[scope=row] > a').allInnerTexts();
}
