import { InputError } from '../errors.js';

export const INVALID_FILTER_QUERY = 'INVALID_FILTER_QUERY';

/** One prefix for every filterQuery complaint, so clients can tell which parameter was at fault. */
export function invalidFilterQuery(detail: string): InputError {
  return new InputError(INVALID_FILTER_QUERY, `invalid filterQuery: ${detail}`);
}
