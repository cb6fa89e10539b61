/**
 * An integer setting from the environment (BENCH_…): the fallback when unset or empty, otherwise
 * an integer of at least `min`, or the bench stops naming the variable.
 */
export function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got '${text}'`);
  return value;
}
