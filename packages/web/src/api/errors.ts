import { isRegistryError } from '@modelreg/client';

/** What to tell a person about a failed call: the server's message, or why no answer came. */
export function describeError(error: unknown): string {
  if (isRegistryError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function statusOf(error: unknown): number | undefined {
  return isRegistryError(error) ? error.status : undefined;
}
