import { fromCustomProperties, type MetadataValue } from '@modelreg/client';
import { displayWidth } from './display-width.js';

/** One column of a human table. */
export interface Column<T> {
  readonly header: string;
  readonly value: (item: T) => string | number | boolean | undefined;
}

/** Writes command results: JSON for machines with --json, plain text for people otherwise. */
export class Output {
  constructor(
    private readonly json: boolean,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
    private readonly bold: boolean = colourAllowed(),
  ) {}

  /** One entity: itself as JSON, or `key: value` lines. */
  entity(entity: object, heading?: string): void {
    if (this.json) return this.write(toJson(entity));
    this.write(`${heading === undefined ? '' : `${heading}\n`}${formatEntity(entity)}`);
  }

  /** A list: a JSON array, or an aligned table (a short notice when it is empty). */
  list<T>(items: readonly T[], columns: readonly Column<T>[], noun: string): void {
    if (this.json) return this.write(toJson(items));
    if (items.length === 0) return this.write(`No ${noun}.\n`);
    this.write(formatTable(items, columns, this.bold ? (header) => `\x1b[1m${header}\x1b[0m` : undefined));
  }

  /** Any JSON value with --json; `human` otherwise. */
  result(value: unknown, human: string): void {
    this.write(this.json ? toJson(value) : human.endsWith('\n') ? human : `${human}\n`);
  }
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function formatTable<T>(
  items: readonly T[],
  columns: readonly Column<T>[],
  styleHeader: (line: string) => string = (line) => line,
): string {
  const rows = items.map((item) => columns.map((column) => cell(column.value(item))));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...rows.map((row) => width(row[i]))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, i) => (i === cells.length - 1 ? text : pad(text, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[styleHeader(line(columns.map((column) => column.header))), ...rows.map(line)].join('\n')}\n`;
}

const TIME_FIELDS: Readonly<Record<string, string>> = {
  createTimeSinceEpoch: 'created',
  lastUpdateTimeSinceEpoch: 'updated',
  startTimeSinceEpoch: 'started',
  endTimeSinceEpoch: 'ended',
  timestamp: 'timestamp',
};

/**
 * `key: value` lines for an entity: id and name first, times as ISO dates, custom properties as
 * their plain values under `metadata:`.
 */
export function formatEntity(entity: object): string {
  const { customProperties, ...fields } = entity as Record<string, unknown>;
  const pairs: [string, string][] = [];
  const keys = Object.keys(fields).sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') continue;
    const timeLabel = TIME_FIELDS[key];
    if (timeLabel !== undefined) pairs.push([timeLabel, formatTime(value)]);
    else pairs.push([key, cell(value)]);
  }
  const metadata = Object.entries(
    fromCustomProperties(customProperties as Record<string, MetadataValue> | undefined),
  );
  const keyWidth = Math.max(0, ...pairs.map(([key]) => key.length)) + 1;
  const lines = pairs.map(([key, value]) => `${`${key}:`.padEnd(keyWidth)} ${value}`);
  if (metadata.length > 0) {
    lines.push('metadata:');
    const metadataWidth = Math.max(...metadata.map(([key]) => key.length)) + 1;
    for (const [key, value] of metadata) lines.push(`  ${`${key}:`.padEnd(metadataWidth)} ${cell(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `key=value` pairs of an entity's custom properties, for a table cell. */
export function formatMetadata(properties: Record<string, MetadataValue> | undefined, max = 60): string {
  const text = Object.entries(fromCustomProperties(properties))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return truncate(text, max);
}

/** Milliseconds since the epoch (as the API sends them, in a string) as an ISO time to the second. */
export function formatTime(value: unknown): string {
  const ms = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(ms)) return cell(value);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function truncate(text: string | undefined, max: number): string {
  if (text === undefined) return '';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function rank(key: string): number {
  return key === 'id' ? 0 : key === 'name' ? 1 : key === 'state' || key === 'status' ? 2 : 3;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A newline or tab inside a value would break the table's alignment.
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** Columns on a terminal: CJK and emoji take two (a table aligned by code points is not). */
function width(text: string | undefined): number {
  return text === undefined ? 0 : displayWidth(text);
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
function colourAllowed(): boolean {
  return process.stdout.isTTY === true && (process.env['NO_COLOR'] ?? '') === '';
}
