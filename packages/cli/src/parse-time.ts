import { InvalidArgumentError } from 'commander';

/** A time given as an ISO date or as epoch milliseconds. */
export function parseTime(value: string): number {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new InvalidArgumentError('expected an ISO date or epoch milliseconds');
  return time;
}
