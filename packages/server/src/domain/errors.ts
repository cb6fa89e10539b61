import type { ErrorCode } from './error-codes.js';

/**
 * The closed set of domain errors. Each carries a stable machine-readable `code`
 * (documented in docs/errors.md); the HTTP layer alone decides the status.
 */
export type ErrorKind =
  | 'InputError'
  | 'UnprocessableError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'PermissionError'
  | 'AuthenticationError'
  | 'PreconditionError'
  | 'RateLimitError'
  | 'TimeoutError'
  | 'UnavailableError'
  | 'IntegrityError';

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable facts the error body carries besides the message, e.g. `{ received: 1024 }`. */
    readonly details: Readonly<Record<string, string | number | readonly string[]>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input: a bad value, an unknown field, an unparsable query. */
export class InputError extends DomainError {
  readonly kind = 'InputError';
}

/** A required field is missing where the Kubeflow contract answers 422 rather than 400. */
export class UnprocessableError extends DomainError {
  readonly kind = 'UnprocessableError';
}

export class NotFoundError extends DomainError {
  readonly kind = 'NotFoundError';
}

/** A unique name or external id is taken, or the change clashes with the current state. */
export class ConflictError extends DomainError {
  readonly kind = 'ConflictError';
}

export class PermissionError extends DomainError {
  readonly kind = 'PermissionError';
}

export class AuthenticationError extends DomainError {
  readonly kind = 'AuthenticationError';
}

export class PreconditionError extends DomainError {
  readonly kind = 'PreconditionError';
}

/** Too many failed attempts from one source; `retryAfterSeconds` says when to try again. */
export class RateLimitError extends DomainError {
  readonly kind = 'RateLimitError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, {});
  }
}

/** The request did not arrive in time (its body stalled or trickled past the request timeout). */
export class TimeoutError extends DomainError {
  readonly kind = 'TimeoutError';
}

/** Something the registry depends on (the identity provider) cannot be reached now; try again later. */
export class UnavailableError extends DomainError {
  readonly kind = 'UnavailableError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, {});
  }
}

/**
 * Stored content no longer matches its sealed manifest: a server-side fault retrying cannot fix
 * (the content is quarantined; an admin restores it or makes a new version).
 */
export class IntegrityError extends DomainError {
  readonly kind = 'IntegrityError';
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
