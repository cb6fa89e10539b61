import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  cleanEnvironment,
  missingBuild,
  startModelreg,
  type ModelregProcess,
} from './support/modelreg-process.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
/** What a user of the SDK alone must never have to download or compile. */
const SERVER_ONLY = ['@modelreg/server', '@modelreg/cli', 'better-sqlite3', 'pg', 'mysql2', 'kysely', 'hono'];

const skipReason = missingBuild();

/** A script as a user would write it after `npm install @modelreg/client`; the URL comes from MODELREG_URL. */
const USER_SCRIPT = `
import { ModelRegistry, fromCustomProperties, isRegistryError } from '@modelreg/client';

const registry = new ModelRegistry({ author: 'packed-user' });
const { model, version, artifact } = await registry.registerModel({
  name: 'packed-churn',
  version: '1.0.0',
  uri: 's3://models/packed-churn/1.0.0',
  modelFormatName: 'onnx',
  metadata: { accuracy: 0.91, epochs: 3, framework: 'xgboost' },
});
const readBack = await registry.getModelVersion('packed-churn', '1.0.0');
// Model files through the lazily loaded Node module of the tarball: upload a directory, pull it back.
const { mkdirSync, writeFileSync, readFileSync } = await import('node:fs');
mkdirSync('model-dir/sub', { recursive: true });
writeFileSync('model-dir/sub/weights ü.bin', 'packed weights');
const withFiles = await registry.registerModel({ name: 'packed-churn', version: '2.0.0', files: 'model-dir' });
const pulled = await registry.downloadFiles(withFiles.version, 'pulled');
let missing;
try {
  await registry.getModelVersion('no-such-model', '1.0.0');
} catch (error) {
  missing = isRegistryError(error) ? { code: error.code, status: error.status } : String(error);
}
console.log(JSON.stringify({
  resolved: import.meta.resolve('@modelreg/client'),
  url: registry.url,
  model: { id: model.id, name: model.name, owner: model.owner },
  version: { id: version.id, name: readBack?.name, metadata: fromCustomProperties(readBack?.customProperties) },
  artifact: { uri: artifact.uri },
  files: {
    paths: pulled.files.map((f) => f.path),
    uri: withFiles.artifact.uri === pulled.uri,
    same: readFileSync('pulled/sub/weights ü.bin', 'utf8'),
  },
  missing,
}));
`;

/** The same use, type-checked as a strict TypeScript project would, against the published .d.ts only. */
const USER_TYPESCRIPT = `
import { ModelRegistry, RegistryError, type Manifest, type ModelVersion, type Registration, type TransferProgress } from '@modelreg/client';

const registry = new ModelRegistry({ url: 'http://127.0.0.1:8080', timeoutMs: 5_000 });
const registration: Registration = await registry.registerModel({ name: 'm', version: 'v1', uri: 's3://m/v1' });
const version: ModelVersion | undefined = await registry.getModelVersion('m', 'v1');
const { data } = await registry.api.GET('/api/model_registry/v1alpha3/registered_models/{registeredmodelId}', {
  params: { path: { registeredmodelId: registration.model.id ?? '' } },
});
const failure: RegistryError = new RegistryError('x', 'TIMEOUT', 0);
const manifest: Manifest = await registry.uploadFiles(version ?? '1', './model-dir', {
  onProgress: (p: TransferProgress) => p.bytes / p.totalBytes,
  signal: AbortSignal.timeout(60_000),
});
await registry.downloadFiles(registration.version, './out', { verify: true });
export const used = [version?.name, data?.name, failure.code, manifest.rootDigest];
`;

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

describe.skipIf(skipReason !== undefined)(
  `@modelreg/client as a packed tarball in a project without the server${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    let workDir: string;

    beforeAll(async () => {
      server = await startModelreg();
      workDir = mkdtempSync(join(tmpdir(), 'modelreg-sdk-pack-'));
    });
    afterAll(async () => {
      await server?.stop();
      if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
    });

    it('packs only the build, installs without any server dependency, and registers a model', async () => {
      const env = cleanEnvironment();
      const packed = await run(
        NPM,
        ['pack', '--workspace', '@modelreg/client', '--pack-destination', workDir, '--json'],
        { cwd: REPO_ROOT, env },
      );
      const [pack] = JSON.parse(packed.stdout) as PackResult[];
      if (pack === undefined) throw new Error(`npm pack printed no result: ${packed.stdout}`);
      const paths = pack.files.map((f) => f.path);
      expect(paths).toContain('dist/index.js');
      expect(paths).toContain('dist/index.d.ts');
      expect(paths.filter((p) => !/^dist\/|^package\.json$|^README\.md$|^LICENSE$/.test(p))).toEqual([]);
      expect(paths.filter((p) => /\.test\.|(^|\/)src\//.test(p))).toEqual([]);

      const project = join(workDir, 'user-project');
      mkdirSync(project);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'user-project', private: true, type: 'module' }),
      );
      await run(
        NPM,
        ['install', join(workDir, pack.filename), '--no-audit', '--no-fund', '--prefer-offline'],
        { cwd: project, env },
      );

      const lock = JSON.parse(readFileSync(join(project, 'node_modules/.package-lock.json'), 'utf8')) as {
        packages: Record<string, unknown>;
      };
      const installed = Object.keys(lock.packages).map((key) =>
        key.slice(key.lastIndexOf('node_modules/') + 13),
      );
      expect(installed).toEqual(expect.arrayContaining(['@modelreg/client', 'openapi-fetch']));
      expect(installed.filter((name) => SERVER_ONLY.includes(name))).toEqual([]);
      const nativeAddons = readdirSync(join(project, 'node_modules'), {
        recursive: true,
        encoding: 'utf8',
      }).filter((file) => file.endsWith('.node'));
      expect(nativeAddons).toEqual([]);

      writeFileSync(join(project, 'register.mjs'), USER_SCRIPT);
      const used = await run(process.execPath, ['register.mjs'], {
        cwd: project,
        env: cleanEnvironment({ MODELREG_URL: server.url }),
      });
      const result = JSON.parse(used.stdout) as Record<string, unknown>;
      // The tarball's copy, not the workspace's.
      expect(result['resolved']).toBe(
        pathToFileURL(join(realpathSync(project), 'node_modules/@modelreg/client/dist/index.js')).href,
      );
      expect(result).toMatchObject({
        url: server.url,
        model: { name: 'packed-churn', owner: 'packed-user' },
        version: { name: '1.0.0', metadata: { accuracy: 0.91, epochs: 3, framework: 'xgboost' } },
        artifact: { uri: 's3://models/packed-churn/1.0.0' },
        files: { paths: ['sub/weights ü.bin'], uri: true, same: 'packed weights' },
        missing: { code: 'REGISTERED_MODEL_NOT_FOUND', status: 404 },
      });
      // The server, asked directly, has it.
      const stored = await fetch(
        `${server.url}/api/model_registry/v1alpha3/registered_model?name=packed-churn`,
      ).then((r) => r.json() as Promise<{ id: string }>);
      expect(stored.id).toBe((result['model'] as { id: string }).id);

      writeFileSync(join(project, 'typed.ts'), USER_TYPESCRIPT);
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            lib: ['ES2023', 'DOM'],
            types: [],
            skipLibCheck: false,
          },
          files: ['typed.ts'],
        }),
      );
      const typeErrors = await run(process.execPath, [TSC, '-p', project], { cwd: project }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(typeErrors).toBe('');
    });
  },
);
