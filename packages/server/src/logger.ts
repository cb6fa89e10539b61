import { pino, stdTimeFunctions, type DestinationStream } from 'pino';

/** JSON lines on a stream; one object per event. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Fields that must never reach a log line, whatever a caller passes: they are censored by pino
 * before the line is written. (Secrets are not passed to the logger on purpose either.)
 */
const REDACTED = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  'headers.cookie',
];

/**
 * pino, writing one JSON object per line: `level` as its name, `time` as ISO 8601, the message as
 * `msg`, then the fields. Writes to stdout by default (through pino's own destination, which
 * buffers nothing a crash could lose: each line is written as it is logged).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  const destination: DestinationStream = { write };
  const log = pino(
    {
      level,
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination,
  );
  return {
    debug: (m, f) => log.debug(f ?? {}, m),
    info: (m, f) => log.info(f ?? {}, m),
    warn: (m, f) => log.warn(f ?? {}, m),
    error: (m, f) => log.error(f ?? {}, m),
  };
}

export const silentLogger: Logger = createLogger('silent');
