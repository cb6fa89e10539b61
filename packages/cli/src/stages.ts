import { InvalidArgumentError } from 'commander';

export const STAGES = ['Development', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/** A stage by its full name, in any case (`production`, `PRODUCTION`); anything else is a usage error. */
export function parseStage(value: string): Stage {
  const stage = STAGES.find((name) => name.toLowerCase() === value.toLowerCase());
  if (stage === undefined) throw new InvalidArgumentError(`expected one of ${STAGES.join(', ')}`);
  return stage;
}
