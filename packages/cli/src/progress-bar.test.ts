import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatProgressLine, ProgressBar } from './progress-bar.js';

const MiB = 1024 * 1024;

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, terminal: { isTTY, columns: 120, write: (text: string) => writes.push(text) } };
}

function step(bytes: number, totalBytes = 100 * MiB) {
  return { file: 'weights/model.bin', fileBytes: bytes, fileSize: totalBytes, bytes, totalBytes };
}

describe('the progress bar', () => {
  it('draws bytes, percentage, rate and ETA in place on a terminal, at most ten times a second', () => {
    const { writes, terminal: tty } = terminal(true);
    let now = 0;
    const bar = new ProgressBar(tty, true, () => now);
    bar.update(step(0));
    // 50 updates within 49 ms: none drawn.
    for (let i = 1; i < 50; i++) {
      now = i;
      bar.update(step(i * 1000));
    }
    expect(writes).toHaveLength(1);
    now = 1000;
    bar.update(step(25 * MiB));
    expect(writes).toHaveLength(2);
    const line = writes[1] ?? '';
    expect(line.startsWith('\r\x1b[2K')).toBe(true);
    expect(line).toContain(' 25%');
    expect(line).toContain('25.0 MiB / 100 MiB');
    expect(line).toContain('25.0 MiB/s');
    expect(line).toContain('ETA 0:03');
    expect(line).toContain('weights/model.bin');
    // The last step is always drawn, however soon it comes.
    now = 1001;
    bar.update(step(100 * MiB));
    expect(writes[2]).toContain('100%');
    bar.finish();
    expect(writes[3]).toBe('\r\x1b[2K');
  });

  it('draws nothing when stderr is not a terminal, or when disabled (--json)', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { writes, terminal: t } = terminal(isTTY);
      let now = 0;
      const bar = new ProgressBar(t, enabled, () => now);
      for (let i = 0; i <= 10; i++) {
        now = i * 500;
        bar.update(step(i * 10 * MiB));
      }
      bar.finish();
      expect(writes).toEqual([]);
    }
  });

  it('takes a terminal of unknown width (0 columns, as a fresh pseudo-terminal reports) as 80 wide', () => {
    const writes: string[] = [];
    const bar = new ProgressBar(
      { isTTY: true, columns: 0, write: (text) => writes.push(text) },
      true,
      () => 0,
    );
    bar.update(step(MiB));
    expect(writes[0]).toContain('1.00 MiB / 100 MiB');
  });

  it('fits the line to the terminal width', () => {
    const line = formatProgressLine({ ...step(MiB), file: 'x'.repeat(300) }, 1000, 60);
    expect([...line].length).toBeLessThanOrEqual(59);
    expect(line.endsWith('…')).toBe(true);
  });

  it('formats sizes and durations for people', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.00 GiB');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
