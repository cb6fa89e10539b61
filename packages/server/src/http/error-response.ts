import type { ErrorCode } from '../domain/error-codes.js';
import type { ErrorKind } from '../domain/errors.js';
import { isDomainError } from '../domain/errors.js';

/** The one map from domain errors to HTTP statuses. Exhaustive: a new kind fails to compile here. */
const STATUS: Readonly<Record<ErrorKind, number>> = {
  InputError: 400,
  AuthenticationError: 401,
  PermissionError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PreconditionError: 412,
  UnprocessableError: 422,
  RateLimitError: 429,
  TimeoutError: 408,
  UnavailableError: 503,
  IntegrityError: 500,
};

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  416: 'Range Not Satisfiable',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  /** The HTTP reason phrase, as Kubeflow's error body has it. */
  readonly code: string;
  readonly message: string;
  /** Our stable error code (docs/errors.md). */
  readonly errorCode: ErrorCode;
  readonly requestId: string;
}

export function errorBody(
  status: number,
  errorCode: ErrorCode,
  message: string,
  requestId: string,
): ErrorBody {
  return { code: REASON[status] ?? 'Error', message, errorCode, requestId };
}

/**
 * Turns any thrown value into a status and body. Unknown errors become a 500 whose message
 * says nothing of the cause: driver and library messages never reach the client.
 */
export function toErrorResponse(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (isDomainError(error)) {
    const status = STATUS[error.kind];
    // The domain's details come first, so they can never replace the fields every error body has.
    return { status, body: { ...error.details, ...errorBody(status, error.code, error.message, requestId) } };
  }
  return {
    status: 500,
    body: errorBody(
      500,
      'INTERNAL',
      `internal error; the server log has the details under request id ${requestId}`,
      requestId,
    ),
  };
}
