import { ModelRegistry } from '@modelreg/client';

/**
 * A client of the registry this page was served by (same origin), with the token when there is
 * one. Every answer passes `onUnauthorized` a 401, so that the UI can return to the login page
 * however deep the call was made.
 */
export function createRegistry(token: string | undefined, onUnauthorized: () => void): ModelRegistry {
  const watching: typeof fetch = async (input, init) => {
    // eslint-disable-next-line no-restricted-globals -- the SDK's own transport, watched for 401s
    const response = await fetch(input, init);
    if (response.status === 401) onUnauthorized();
    return response;
  };
  return new ModelRegistry({
    url: window.location.origin,
    // An empty string sends no Authorization header (gateway-header mode, or authentication off).
    token: token ?? '',
    fetch: watching,
    retries: 1,
  });
}
