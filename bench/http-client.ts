import http from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * A keep-alive HTTP/1.1 client for 127.0.0.1 only.
 *
 * It uses `node:http` with a keep-alive Agent rather than the global `fetch`: on a 2-core machine
 * the load generator shares the CPU with the server, and undici's fetch costs more client CPU per
 * request (about 4k req/s against the empty handler at 8 workers, versus 11k with node:http).
 * With fetch the empty-handler baseline would measure the client, which would flatter every ratio.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`the bench only loads 127.0.0.1, not ${url.hostname}`);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path,
          headers:
            payload === undefined
              ? { accept: 'application/json' }
              : {
                  accept: 'application/json',
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async getJson(path: string, expectedStatus = 200): Promise<unknown> {
    return expectStatus('GET', path, await this.request('GET', path), expectedStatus);
  }

  async postJson(path: string, body: unknown, expectedStatus = 201): Promise<unknown> {
    return expectStatus('POST', path, await this.request('POST', path, body), expectedStatus);
  }

  close(): void {
    this.agent.destroy();
  }
}

function expectStatus(method: string, path: string, response: HttpResponse, expected: number): unknown {
  if (response.status !== expected) {
    throw new Error(
      `${method} ${path}: expected ${expected}, got ${response.status}: ${response.body.slice(0, 500)}`,
    );
  }
  return JSON.parse(response.body) as unknown;
}
