import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { errorBody } from './error-response.js';

/**
 * The largest request line plus headers the server parses (Node's default is 16 KiB). URLs up
 * to MAX_URL_BYTES reach the app, which answers a longer one 414 on a connection it keeps.
 */
export const MAX_HEAD_BYTES = 64 * 1024;
/** The longest request target (path and query string) the API accepts; longer is a 414. */
export const MAX_URL_BYTES = 16 * 1024;

/**
 * How long a connection the server closes keeps reading what the client still sends. A socket
 * closed with unread bytes answers them with a TCP reset, and a client still writing its body
 * then loses the answer ("socket hang up", "other side closed") instead of reading it.
 */
export const LINGER_MS = 2000;
/** A client that sends more than this after the answer is cut off at once. */
export const LINGER_BYTES = 64 * 1024 * 1024;

const noop = () => undefined;

/**
 * Node's HTTP parser reads the socket's handle itself; once a body nobody read filled its buffer,
 * the handle stopped reading, and resuming the request or the socket does not start it again
 * (the socket's stream still counts a read in progress). Workaround for Node 20's
 * lib/_http_server.js: start the handle as its own `socketOnResume` does.
 */
function restartReading(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: { reading?: boolean; readStart?: () => number } })._handle;
  if (handle?.readStart === undefined || handle.reading === true || socket.destroyed) return;
  handle.reading = true;
  handle.readStart();
}

/**
 * Replaces the immediate destroy Node does after an answer with `Connection: close` by a
 * lingering close (as nginx's lingering_close): send the answer and a FIN, read and discard
 * what the client still sends until it closes its side, for at most LINGER_MS and LINGER_BYTES.
 */
function lingerBeforeClosing(socket: Socket): void {
  let lingering = false;
  socket.destroySoon = () => {
    if (lingering) return;
    lingering = true;
    if (socket.writable) socket.end();
    let read = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
    socket.on('error', noop);
    socket.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > LINGER_BYTES) socket.destroy();
    });
    socket.resume();
  };
}

function refusal(
  status: number,
  reason: string,
  errorCode: 'HEADERS_TOO_LARGE' | 'MALFORMED_REQUEST' | 'REQUEST_TIMEOUT',
  message: string,
  requestId: string,
): string {
  const body = JSON.stringify(errorBody(status, errorCode, message, requestId));
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** What a request Node could not parse is answered, by the parser's error code. */
function answerFor(code: string | undefined, requestId: string): string {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return refusal(
      431,
      'Request Header Fields Too Large',
      'HEADERS_TOO_LARGE',
      `the request line and headers are larger than the ${MAX_HEAD_BYTES / 1024} KiB the server accepts`,
      requestId,
    );
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return refusal(
      408,
      'Request Timeout',
      'REQUEST_TIMEOUT',
      'the request headers did not arrive in time',
      requestId,
    );
  }
  return refusal(
    400,
    'Bad Request',
    'MALFORMED_REQUEST',
    `the request is not valid HTTP/1.1 (${code ?? 'unknown error'})`,
    requestId,
  );
}

/**
 * Connection-level behaviour the app cannot see: requests Node's parser refuses are answered
 * with the JSON error body every other refusal has, and a closed connection lingers so the
 * client reads its answer.
 */
export function guardConnections(server: Server, deps: { newRequestId: () => string; logger: Logger }): void {
  server.on('connection', lingerBeforeClosing);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      // Answered before its body was read whole (a refusal, or an operation that takes none):
      // the rest of the body flows to nowhere. Node skips this when the app started reading the
      // body (the fetch adapter did), and the connection would then stall on a full receive
      // window until a timer closes it: a keep-alive connection dropped without warning.
      if (!req.complete) {
        req.removeAllListeners('data');
        req.resume();
        restartReading(req.socket);
      }
    });
  });
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    // The parser may report the same broken request again as more bytes arrive.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = deps.newRequestId();
    const answer = answerFor(error.code, requestId);
    deps.logger.info('request refused by the HTTP parser', {
      requestId,
      status: Number(answer.slice(9, 12)),
      reason: error.code ?? error.message,
    });
    socket.write(answer);
    socket.destroySoon();
  });
}
