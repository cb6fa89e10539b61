import type { ServerErrorCode } from './generated/error-codes.js';

/** Codes of failures the SDK finds itself: no answer, not a registry, or refused before sending. */
export type ClientErrorCode =
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'INVALID_RESPONSE'
  | 'NOT_A_REGISTRY'
  | 'INVALID_ARGUMENT'
  | 'UNSUPPORTED_RUNTIME'
  // Files (Node): what a local file, a link, a path or the output directory does not allow.
  | 'LOCAL_FILE_ERROR'
  | 'LOCAL_FILE_CHANGED'
  | 'LINK_OUTSIDE'
  | 'UNSAFE_FILE_PATH'
  | 'SIZE_MISMATCH'
  | 'FILE_EXISTS'
  | 'OUTPUT_NOT_A_DIRECTORY'
  | 'UPLOAD_NOT_RESUMABLE';

/**
 * The code of a RegistryError: one the server answers with (generated from its error list), one
 * of the SDK's own, or `HTTP_<status>` for an error answer that carries none.
 */
export type RegistryErrorCode = ServerErrorCode | ClientErrorCode | `HTTP_${number}`;

/**
 * Every failure of the SDK: an error answer of the server (status ≥ 400), a timeout, or a
 * network failure. `code` is the server's stable `errorCode` (docs/errors.md), or one of
 * `TIMEOUT`, `NETWORK_ERROR`, `INVALID_RESPONSE` for failures that never got an answer, or
 * `NOT_A_REGISTRY` when what answered is no registry.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    message: string,
    /** Stable machine-readable code (a server other than modelreg may send codes of its own). */
    readonly code: RegistryErrorCode,
    /** HTTP status, or 0 when no answer came. */
    readonly status: number,
    /** The request id the server logged the request under, when known. */
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * Builds the error from an error answer: `{code, message, errorCode?, requestId?}`. A body that
   * is something else (an HTML page, another API's JSON) is never shown: see `notRegistryAnswer`.
   */
  static fromResponse(response: Response, body: unknown): RegistryError {
    if (typeof body === 'string' && body !== '') return notRegistryAnswer(response);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    // Every error body of a registry (Kubeflow's or ours) has a message; other JSON is not one.
    if (body !== undefined && typeof fields['message'] !== 'string') return notRegistryAnswer(response);
    const message =
      typeof fields['message'] === 'string' && fields['message'] !== ''
        ? fields['message']
        : `${response.status} ${response.statusText || 'error'}`;
    // The server's own code, taken as one of its list: only a server other than modelreg sends others.
    const code = (
      typeof fields['errorCode'] === 'string'
        ? fields['errorCode']
        : typeof fields['code'] === 'string'
          ? fields['code'].toUpperCase().replace(/\W+/g, '_')
          : `HTTP_${response.status}`
    ) as RegistryErrorCode;
    const requestId =
      typeof fields['requestId'] === 'string'
        ? fields['requestId']
        : (response.headers.get('x-request-id') ?? undefined);
    return new RegistryError(message, code, response.status, requestId);
  }
}

/**
 * What an answer that is not the registry's JSON means: below 500, whatever answers at that URL
 * is no registry (`NOT_A_REGISTRY`, e.g. a web server's 404 page); from 500 on, most likely a proxy
 * or gateway in front of one failed (`HTTP_<status>`).
 */
export function notRegistryAnswer(response: Response): RegistryError {
  const at = registryUrl(response.url);
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (response.status >= 500)
    return new RegistryError(
      `HTTP ${response.status} ${response.statusText || 'error'} from ${at}, an answer that is not the registry's (a proxy or gateway in the way?)`,
      `HTTP_${response.status}`,
      response.status,
      requestId,
    );
  return new RegistryError(
    `not a modelreg or Kubeflow Model Registry server at ${at} (HTTP ${response.status})`,
    'NOT_A_REGISTRY',
    response.status,
    requestId,
  );
}

/** The registry's URL (what --url names) from the URL of a request to its API. */
function registryUrl(requestUrl: string): string {
  if (requestUrl === '') return 'that URL';
  const cut = requestUrl.indexOf('/api/model_registry/');
  if (cut !== -1) return requestUrl.slice(0, cut);
  return new URL(requestUrl).origin;
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
