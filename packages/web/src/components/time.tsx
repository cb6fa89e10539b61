const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time given as epoch milliseconds (a string or number, as the API gives it). */
export function Time({ ms }: { ms: string | number | undefined }) {
  if (ms === undefined || ms === '') return <span className="muted">—</span>;
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return <span>{String(ms)}</span>;
  return <time dateTime={date.toISOString()}>{FORMAT.format(date)}</time>;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
