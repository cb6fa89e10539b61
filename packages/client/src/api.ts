import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { createTransport, fromEnvironment, type TransportOptions } from './transport.js';

export const API_BASE = '/api/model_registry/v1alpha3';
export const DEFAULT_URL = 'http://127.0.0.1:8080';

export interface RegistryApiOptions extends TransportOptions {
  /** The registry's base URL; defaults to MODELREG_URL, else http://127.0.0.1:8080. */
  readonly url?: string | undefined;
}

/** The full REST surface, typed from the served OpenAPI document (reference + extensions). */
export type RegistryApi = Client<paths>;

export function resolveUrl(url: string | undefined): string {
  return (url ?? fromEnvironment('MODELREG_URL') ?? DEFAULT_URL).replace(/\/+$/, '');
}

/**
 * A low-level client with one typed method per HTTP verb, for any operation of the document.
 *
 * @example
 * const api = createRegistryApi({ url: 'http://127.0.0.1:8080' });
 * const { data } = await api.GET('/api/model_registry/v1alpha3/registered_models/{registeredmodelId}', {
 *   params: { path: { registeredmodelId: '1' } },
 * });
 */
export function createRegistryApi(options: RegistryApiOptions = {}): RegistryApi {
  return createClient<paths>({ baseUrl: resolveUrl(options.url), fetch: createTransport(options) });
}
