/**
 * Every failure of the SDK: an error answer of the server (status ≥ 400), a timeout, or a
 * network failure. `code` is the server's stable `errorCode` (docs/errors.md), or one of
 * `TIMEOUT`, `NETWORK_ERROR`, `INVALID_RESPONSE` for failures that never got an answer.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    message: string,
    /** Stable machine-readable code. */
    readonly code: string,
    /** HTTP status, or 0 when no answer came. */
    readonly status: number,
    /** The request id the server logged the request under, when known. */
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Builds the error from an error answer: `{code, message, errorCode?, requestId?}`. */
  static fromResponse(response: Response, body: unknown): RegistryError {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const message =
      typeof fields['message'] === 'string' && fields['message'] !== ''
        ? fields['message']
        : `${response.status} ${response.statusText || 'error'}`;
    const code =
      typeof fields['errorCode'] === 'string'
        ? fields['errorCode']
        : typeof fields['code'] === 'string'
          ? fields['code'].toUpperCase().replace(/\W+/g, '_')
          : `HTTP_${response.status}`;
    const requestId =
      typeof fields['requestId'] === 'string'
        ? fields['requestId']
        : (response.headers.get('x-request-id') ?? undefined);
    return new RegistryError(message, code, response.status, requestId);
  }
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
