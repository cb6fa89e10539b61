import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../sdk/support/modelreg-process.js';
import {
  axeViolations,
  browserSkipReason,
  launchBrowser,
  watchPage,
  type TestBrowser,
} from './support/browser.js';
import { startWebRegistry, type WebRegistry } from './support/web-registry.js';

// The models list's sortable columns by what a model's versions are, and by owner: each header
// orders the rows as the API orders them (checked against GET model_summaries), a second click
// turns the order round, the URL keeps the ordering (the back button restores it).

const skipReason = browserSkipReason();
vi.setConfig({ testTimeout: 120_000 });
const SCREENSHOTS = join(REPO_ROOT, process.env['MODELREG_SCREENSHOT_DIR'] ?? '.screenshots');
const API = '/api/model_registry/v1alpha3';

/** Column header → the API's orderBy, and the direction of the first click. */
const COLUMNS = [
  { label: 'Latest version', orderBy: 'LATEST_VERSION', first: 'DESC' },
  { label: 'Production', orderBy: 'PRODUCTION_VERSION', first: 'DESC' },
  { label: 'Stages', orderBy: 'STAGE', first: 'DESC' },
  { label: 'Owner', orderBy: 'OWNER', first: 'ASC' },
] as const;

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${API}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Models whose versions differ in every way the new columns show: several versions in
 * Production, Staging or only archived, none at all; owners shared, and one without an owner.
 */
async function seed(base: string): Promise<void> {
  const plan: { name: string; owner?: string; stages: string[] }[] = [
    { name: 'alpha', owner: 'carol', stages: ['Production', 'Development'] },
    { name: 'bravo', owner: 'alice', stages: ['Staging'] },
    { name: 'charlie', stages: ['Development', 'Development'] },
    { name: 'delta', owner: 'alice', stages: ['Archived'] },
    { name: 'echo', owner: 'bob', stages: [] },
    { name: 'foxtrot', owner: 'bob', stages: ['Production', 'Staging', 'Development'] },
    { name: 'golf', owner: 'carol', stages: ['Staging', 'Development'] },
  ];
  for (const model of plan) {
    const created = await call<{ id: string }>(base, 'POST', 'registered_models', {
      name: model.name,
      ...(model.owner === undefined ? {} : { owner: model.owner }),
    });
    for (const [i, stage] of model.stages.entries()) {
      const version = await call<{ id: string }>(base, 'POST', 'model_versions', {
        name: `v${i + 1}`,
        registeredModelId: created.id,
      });
      if (stage !== 'Development') await call(base, 'POST', `model_versions/${version.id}/stage`, { stage });
    }
  }
}

/** The model names of the list, in the API's order. */
async function apiOrder(base: string, orderBy: string, sortOrder: string): Promise<string[]> {
  const page = await call<{ items: { registeredModel: { name: string } }[] }>(
    base,
    'GET',
    `model_summaries?orderBy=${orderBy}&sortOrder=${sortOrder}&pageSize=50`,
  );
  return page.items.map((item) => item.registeredModel.name);
}

/** Waits until the list shows exactly these names in this order (the test's own bound applies). */
async function rowsInOrder(page: Page, names: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('table.data-table tbody th[scope=row] > a')).map(
          (a) => (a as HTMLElement).innerText,
        ),
      ) === JSON.stringify(expected),
    names,
    { timeout: 0 },
  );
}

describe.skipIf(skipReason !== undefined)('the models list sorts by versions, stages and owner', () => {
  let registry: WebRegistry;
  let browser: TestBrowser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    registry = await startWebRegistry({ auth: 'none' });
    await seed(registry.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
  });

  it('orders the rows as the API does for each column, both ways, and the URL keeps the order', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, registry.url);
    await page.goto(`${registry.url}/`);
    await page.locator('table.data-table a[href="/models/alpha"]').waitFor();
    for (const column of COLUMNS) {
      const header = page.getByRole('button', { name: column.label, exact: true });
      const second = column.first === 'ASC' ? 'DESC' : 'ASC';
      for (const sortOrder of [column.first, second]) {
        await header.click();
        await page.waitForURL(
          (url) =>
            url.searchParams.get('sort') === column.orderBy &&
            (url.searchParams.get('order') ?? column.first) === sortOrder,
        );
        const expected = await apiOrder(registry.url, column.orderBy, sortOrder);
        expect(expected).toHaveLength(7);
        await rowsInOrder(page, expected);
        expect(await page.locator('th[aria-sort]').innerText(), `${column.orderBy} ${sortOrder}`).toContain(
          column.label,
        );
        expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe(
          sortOrder === 'ASC' ? 'ascending' : 'descending',
        );
      }
    }
    // Stages, most advanced first: Production (ties by id, newest model first), then Staging…
    const byStage = await apiOrder(registry.url, 'STAGE', 'DESC');
    expect(byStage).toEqual(['foxtrot', 'alpha', 'golf', 'bravo', 'charlie', 'delta', 'echo']);
    // Owner A→Z: the model without one first.
    expect((await apiOrder(registry.url, 'OWNER', 'ASC'))[0]).toBe('charlie');

    // Back: the ordering before the last click (Owner ascending), from the URL.
    await page.goBack();
    await page.waitForURL(
      (url) => url.searchParams.get('sort') === 'OWNER' && url.searchParams.get('order') === null,
    );
    await rowsInOrder(page, await apiOrder(registry.url, 'OWNER', 'ASC'));
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'STAGE');
    await rowsInOrder(page, await apiOrder(registry.url, 'STAGE', 'ASC'));

    // A shared link opens the same ordering.
    const shared = await browser.context.newPage();
    await shared.goto(`${registry.url}/?sort=PRODUCTION_VERSION&order=DESC`);
    await rowsInOrder(shared, await apiOrder(registry.url, 'PRODUCTION_VERSION', 'DESC'));
    await shared.close();

    await page.goto(`${registry.url}/?sort=STAGE`);
    await rowsInOrder(page, byStage);
    await watch.idle();
    await page.screenshot({ path: join(SCREENSHOTS, 'models-list-sorted.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.problems).toEqual([]);
    await page.close();
  });
});
