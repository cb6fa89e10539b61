import type { TransferProgress } from '@modelreg/client';
import { cutToWidth, displayWidth } from './display-width.js';

/** What the bar draws on: stderr, or a stand-in in tests. */
export interface ProgressTerminal {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

/** Redraws at most this often (10 per second). */
const REDRAW_MS = 100;
/** The rate is measured over the last few seconds, so a stall shows quickly. */
const RATE_WINDOW_MS = 5_000;
const BAR_WIDTH = 20;

/**
 * A one-line progress bar for transfers: bytes done of the total, percentage, rate and ETA,
 * redrawn in place. It draws only for a person at a terminal: nothing at all when the stream is
 * not a TTY (a pipe, a CI log) or when `enabled` is false (`--json`).
 */
export class ProgressBar {
  private readonly active: boolean;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly samples: { time: number; bytes: number }[] = [];

  constructor(
    private readonly terminal: ProgressTerminal,
    enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.active = enabled && terminal.isTTY === true;
  }

  /** A progress callback for the SDK's transfers. */
  readonly update = (progress: TransferProgress): void => {
    if (!this.active) return;
    const time = this.now();
    const finished = progress.bytes >= progress.totalBytes && progress.fileBytes >= progress.fileSize;
    if (time - this.lastDraw < REDRAW_MS && !finished) return;
    this.lastDraw = time;
    // Sampled only when drawing: at most ten a second, so the window stays small.
    this.samples.push({ time, bytes: progress.bytes });
    while (this.samples.length > 2 && time - (this.samples[1]?.time ?? time) > RATE_WINDOW_MS)
      this.samples.shift();
    // A pseudo-terminal whose size was never set reports 0 columns.
    const columns = (this.terminal.columns ?? 0) > 0 ? (this.terminal.columns ?? 80) : 80;
    this.draw(formatProgressLine(progress, this.rate(), columns));
  };

  /** Clears the line, so that what is printed next starts on a clean one. */
  finish(): void {
    if (this.drawn) this.terminal.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(line: string): void {
    this.terminal.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Bytes per second over the window, or undefined before there is a measurable span. */
  private rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.time - first.time < 200) return undefined;
    return ((last.bytes - first.bytes) / (last.time - first.time)) * 1000;
  }
}

/** `[#####-----]  45%  1.2 GiB / 2.6 GiB  312 MiB/s  ETA 0:05  weights/model.bin`, cut to `columns`. */
export function formatProgressLine(
  progress: TransferProgress,
  rate: number | undefined,
  columns: number,
): string {
  const fraction = progress.totalBytes === 0 ? 1 : Math.min(1, progress.bytes / progress.totalBytes);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const amounts = `${formatBytes(progress.bytes)} / ${formatBytes(progress.totalBytes)}`;
  const speed = rate === undefined ? '' : `${formatBytes(rate)}/s`;
  const remaining = progress.totalBytes - progress.bytes;
  const eta =
    rate === undefined || rate <= 0 ? '' : `ETA ${formatDuration(remaining <= 0 ? 0 : remaining / rate)}`;
  const line = [bar, percent, amounts, speed, eta, progress.file].filter((part) => part !== '').join('  ');
  const width = Math.max(10, columns - 1);
  return displayWidth(line) <= width ? line : `${cutToWidth(line, width - 1)}…`;
}

/** 0 B, 1023 B, 1.0 KiB, 12.3 MiB, 1.50 GiB: binary units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text} ${units[unit] ?? ''}`;
}

/** Seconds as `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(seconds: number): string {
  const total = Math.ceil(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
