/**
 * Polls `probe` until it gives a value, for a condition a test can only observe by asking (a
 * background verification, a server-side record). No cap of its own: however loaded the machine,
 * the wait ends with the condition, and the test's own timeout bounds it.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
