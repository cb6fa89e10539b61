import { RegistryError, type RegistryErrorCode } from '@modelreg/client';

/**
 * The data of a call made with the SDK's low-level client (`registry.api`), or the RegistryError
 * for its error answer, as the high-level client would have thrown it.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined || data === null) throw RegistryError.fromResponse(response, error);
  return data;
}

/** The 404 the SDK's lookups answer with when a name matches nothing. */
export function notFound(what: string, code: RegistryErrorCode): RegistryError {
  return new RegistryError(`no ${what}`, code, 404);
}
