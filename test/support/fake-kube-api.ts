import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One request as the fake API received it. */
export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
}

type KubeObject = Record<string, unknown> & { metadata: Record<string, unknown> };

const ISVC_PATH =
  /^\/apis\/serving\.kserve\.io\/v1beta1\/namespaces\/([a-z0-9-]+)\/inferenceservices(?:\/([a-z0-9-]+))?$/;
export const FAKE_TOKEN = 'fake-kube-token';

/**
 * A stand-in for a Kubernetes API server with KServe's CRD installed, for the two calls modelreg
 * makes: server-side apply of an InferenceService (PATCH, `application/apply-patch+yaml`) and the
 * list of a namespace's InferenceServices. No real API server can run on this machine, so the CLI
 * talks to this one over HTTP on 127.0.0.1; it records every request for the test to assert, and
 * answers as the API server does: 201 when the apply created the object, 200 when it changed it,
 * 415 for another patch type, 422 without a field manager, 401 without the kubeconfig's token.
 * What it answers is what was applied plus what KServe adds: `status(ns, name)` gives the status
 * block (test/kserve/fixtures/inference-service-statuses.yaml).
 */
export class FakeKubeApi {
  readonly requests: KubeRequest[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private server: Server | undefined;
  private generation = 0;

  constructor(
    private readonly status: (namespace: string, name: string) => Record<string, unknown> | undefined,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server === undefined ? resolve() : this.server.close(() => resolve()),
    );
  }

  /** Puts an object in the cluster as another client would (kubectl, a controller). */
  plant(object: KubeObject): void {
    const { namespace, name } = object.metadata as { namespace: string; name: string };
    this.objects.set(`${namespace}/${name}`, structuredClone(object));
  }

  remove(namespace: string, name: string): void {
    this.objects.delete(`${namespace}/${name}`);
  }

  stored(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  /** A kubeconfig naming this server (context `fake`, current) and one that goes nowhere (`elsewhere`). */
  writeKubeconfig(url: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-kube-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        // client-node refuses plain HTTP unless TLS checks are off; the fake serves HTTP on loopback.
        `- {name: fake, cluster: {server: "${url}", insecure-skip-tls-verify: true}}`,
        '- {name: elsewhere, cluster: {server: "http://127.0.0.1:9", insecure-skip-tls-verify: true}}',
        'users:',
        `- {name: tester, user: {token: ${FAKE_TOKEN}}}`,
        'contexts:',
        '- {name: fake, context: {cluster: fake, user: tester}}',
        '- {name: elsewhere, context: {cluster: elsewhere, user: tester}}',
        'current-context: fake',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    return file;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake');
    const recorded: KubeRequest = {
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const failure = (code: number, reason: string, message: string) =>
      answer(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code });
    if (recorded.authorization !== `Bearer ${FAKE_TOKEN}`)
      return failure(401, 'Unauthorized', 'Unauthorized');
    const match = ISVC_PATH.exec(url.pathname);
    if (match === null) return failure(404, 'NotFound', `the server could not find ${url.pathname}`);
    const [, namespace, name] = match as unknown as [string, string, string | undefined];
    if (recorded.method === 'GET' && name === undefined) {
      const items = [...this.objects.values()].filter((o) => o.metadata['namespace'] === namespace);
      return answer(200, {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceServiceList',
        metadata: { resourceVersion: String(this.generation) },
        items: items.map((o) => this.withStatus(o)),
      });
    }
    if (recorded.method === 'PATCH' && name !== undefined)
      return this.apply(recorded, namespace, name, answer, failure);
    return failure(405, 'MethodNotAllowed', `${recorded.method} is not served here`);
  }

  private apply(
    request: KubeRequest,
    namespace: string,
    name: string,
    answer: (status: number, body: unknown) => void,
    failure: (code: number, reason: string, message: string) => void,
  ): void {
    if (request.contentType !== 'application/apply-patch+yaml') {
      return failure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, … (got ${request.contentType ?? 'none'})`,
      );
    }
    if (request.query['fieldManager'] === undefined) {
      return failure(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    const applied = parse(request.body) as KubeObject;
    if (applied.metadata['name'] !== name || applied.metadata['namespace'] !== namespace) {
      return failure(400, 'BadRequest', 'the name or namespace of the object does not match the URL');
    }
    const key = `${namespace}/${name}`;
    const existing = this.objects.get(key);
    this.generation += 1;
    const stored: KubeObject = {
      ...applied,
      metadata: {
        ...applied.metadata,
        uid: (existing?.metadata['uid'] as string | undefined) ?? `uid-${namespace}-${name}`,
        generation: ((existing?.metadata['generation'] as number | undefined) ?? 0) + 1,
        resourceVersion: String(this.generation),
      },
    };
    // A dry run answers what would be stored, and stores nothing.
    if (request.query['dryRun'] !== 'All') this.objects.set(key, stored);
    answer(existing === undefined ? 201 : 200, this.withStatus(stored));
  }

  private withStatus(object: KubeObject): KubeObject {
    const status = this.status(String(object.metadata['namespace']), String(object.metadata['name']));
    return status === undefined ? object : { ...object, status: structuredClone(status) };
  }
}
