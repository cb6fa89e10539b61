import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ListOptions, OrderBy } from '@modelreg/client';
import { parsePositiveInteger } from './global-options.js';

/** The flags of every list command. */
export interface ListFlags {
  readonly limit?: number | undefined;
  readonly filter?: string | undefined;
  readonly orderBy?: ListOptions['orderBy'] | undefined;
  readonly desc?: boolean | undefined;
}

const ORDER_BY: readonly OrderBy[] = ['ID', 'NAME', 'CREATE_TIME', 'LAST_UPDATE_TIME', 'VERSION'];

/** Adds --limit, --order-by and --desc, and --filter unless the filterQuery is an argument. */
export function withListOptions(command: Command, { filter = true } = {}): Command {
  if (filter)
    command.option('--filter <filterQuery>', `only items matching a filterQuery, e.g. "accuracy > 0.9"`);
  return command
    .addOption(
      new Option('--order-by <field>', `${ORDER_BY.join(' | ')} | metrics.<name> | params.<name>`).argParser(
        parseOrderBy,
      ),
    )
    .option('--desc', 'descending order')
    .addOption(
      new Option('--limit <n>', 'at most n items (default: all, fetched page by page)').argParser(
        parsePositiveInteger,
      ),
    );
}

/** The SDK's list options for the flags; a small --limit also keeps the pages small. */
export function toListOptions(flags: ListFlags): ListOptions {
  return {
    ...(flags.filter === undefined ? {} : { filterQuery: flags.filter }),
    ...(flags.orderBy === undefined ? {} : { orderBy: flags.orderBy }),
    ...(flags.desc === true ? { sortOrder: 'DESC' as const } : {}),
    ...(flags.limit === undefined ? {} : { pageSize: Math.min(flags.limit, 100) }),
  };
}

/** The first `limit` items (all of them without a limit); stops fetching pages once it has them. */
export async function take<T>(items: AsyncIterable<T>, limit: number | undefined): Promise<T[]> {
  const taken: T[] = [];
  if (limit === 0) return taken;
  for await (const item of items) {
    taken.push(item);
    if (limit !== undefined && taken.length >= limit) break;
  }
  return taken;
}

function parseOrderBy(value: string): NonNullable<ListOptions['orderBy']> {
  // A metric or parameter keeps its name as written: names are case-sensitive.
  if (/^(metrics|params)\.[^\s]+$/.test(value)) return value as `metrics.${string}`;
  const field = value.toUpperCase().replace(/-/g, '_') as OrderBy;
  if (!ORDER_BY.includes(field))
    throw new InvalidArgumentError(`expected one of ${ORDER_BY.join(', ')}, metrics.<name> or params.<name>`);
  return field;
}
