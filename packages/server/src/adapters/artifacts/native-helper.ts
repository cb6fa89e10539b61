import { createRequire } from 'node:module';

/**
 * One of the optional native helpers (`packages/server/native/<name>.c`, built at install by
 * scripts/build-native.mjs): the module, or why it cannot be loaded.
 */
export function loadNativeHelper<T>(name: string): { helper: T } | { reason: string } {
  try {
    // The same relative path from src/ (tests) and dist/ (the built server).
    return { helper: createRequire(import.meta.url)(`../../../native/build/${name}.node`) as T };
  } catch (error) {
    return { reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
}
