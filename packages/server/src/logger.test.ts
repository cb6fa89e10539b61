import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  const capture = (level: Parameters<typeof createLogger>[0]) => {
    const lines: string[] = [];
    return { lines, logger: createLogger(level, (line) => lines.push(line)) };
  };

  it('writes one JSON object per line: level by name, ISO time, msg, then the fields', () => {
    const { lines, logger } = capture('info');
    logger.info('request', { requestId: 'r-1', status: 200 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'request', requestId: 'r-1', status: 200 });
    expect(new Date(String(line['time'])).toISOString()).toBe(line['time']);
  });

  it('drops lines below its level, and writes nothing when silent', () => {
    const info = capture('info');
    info.logger.debug('hidden');
    info.logger.warn('shown');
    expect(info.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
    const silent = capture('silent');
    silent.logger.error('never');
    expect(silent.lines).toEqual([]);
  });

  it('censors secrets a caller passes by mistake, at the top level and one level down', () => {
    const { lines, logger } = capture('info');
    logger.info('oops', { token: 'mrt_1_abc', headers: { authorization: 'Bearer x', cookie: 'c' }, id: 7 });
    const text = lines.join('');
    for (const secret of ['mrt_1_abc', 'Bearer x', '"c"']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ id: 7, token: '[redacted]' });
  });
});
