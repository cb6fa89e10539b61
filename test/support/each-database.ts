import { afterAll, beforeAll, describe } from 'vitest';
import { startHarness, type RegistryHarness } from './registry-harness.js';
import { announceSkips, DATABASE_TARGETS, type DatabaseTarget } from './test-databases.js';

/**
 * Runs a suite once per database engine, each on a fresh database; a skipped engine prints why.
 */
export function describeEachDatabase(
  title: string,
  suite: (api: () => RegistryHarness, target: DatabaseTarget['name']) => void,
): void {
  announceSkips();
  for (const target of DATABASE_TARGETS) {
    describe.skipIf(target.skipReason !== undefined)(`${title} [${target.name}]`, () => {
      let harness: RegistryHarness | undefined;
      beforeAll(async () => {
        harness = await startHarness(target.name);
      });
      afterAll(async () => {
        await harness?.close();
      });
      suite(() => {
        if (harness === undefined) throw new Error('the harness did not start');
        return harness;
      }, target.name);
    });
  }
}
