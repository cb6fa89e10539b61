// Builds the optional native helpers, native/<name>.c -> native/build/<name>.node (packages/server's
// install script; docs/adr/0012-native-helpers.md). Each is optional: without page-cache the disk
// store leaves written files in the page cache, without sha256 an S3 upload interrupted by a
// restart starts its file again, without crc32c downloads are checked with sha256. So this never fails the install; it says why it built nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const WITHOUT = {
  'page-cache': 'large uploads will stay in the page cache',
  sha256: 'an S3 upload interrupted by a restart will start its file again',
  crc32c: 'downloads will be checked with sha256 (slower) instead of segment checksums',
};

function warn(name, reason) {
  process.stderr.write(`@modelreg/server: native helper ${name} not built (${reason}); ${WITHOUT[name]}\n`);
}

const sources = readdirSync(nativeDir).filter((file) => file.endsWith('.c'));
const names = sources.map((file) => basename(file, '.c'));

function build() {
  if (process.platform !== 'linux') return `the helpers are used on Linux only, this is ${process.platform}`;
  // Node's headers (node_api.h, and the OpenSSL inside Node): next to the running node (official
  // builds and Debian's), or npm's nodedir.
  const headerDirs = [
    join(dirname(process.execPath), '..', 'include', 'node'),
    ...(process.env.npm_config_nodedir ? [join(process.env.npm_config_nodedir, 'include', 'node')] : []),
  ];
  const headers = headerDirs.find((dir) => existsSync(join(dir, 'node_api.h')));
  if (headers === undefined) return `node_api.h not found in ${headerDirs.join(' or ')}`;
  const compiler = process.env.CC || 'cc';
  const probe = spawnSync(compiler, ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined) return `${compiler}: ${probe.error.message}`;
  mkdirSync(join(nativeDir, 'build'), { recursive: true });
  for (const name of names) {
    const target = join(nativeDir, 'build', `${name}.node`);
    // Node loads an addon only from a .node file.
    const partial = join(nativeDir, 'build', `${name}.${process.pid}.tmp.node`);
    const result = spawnSync(
      compiler,
      [
        '-shared',
        '-fPIC',
        '-O2',
        '-Wall',
        `-DNODE_GYP_MODULE_NAME=${name.replace(/\W/g, '_')}`,
        `-I${headers}`,
        '-o',
        partial,
        join(nativeDir, `${name}.c`),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.status !== 0) {
      rmSync(partial, { force: true });
      rmSync(target, { force: true });
      warn(name, `${compiler} exited with ${result.status}`);
      continue;
    }
    // Loaded once here, so a symbol this Node does not export fails the build, not the server.
    const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(partial)})`], {
      encoding: 'utf8',
    });
    if (loaded.status !== 0) {
      rmSync(partial, { force: true });
      rmSync(target, { force: true });
      warn(
        name,
        `it does not load: ${
          loaded.stderr
            .trim()
            .split('\n')
            .find((line) => line.includes('Error')) ?? loaded.status
        }`,
      );
      continue;
    }
    renameSync(partial, target);
  }
  return undefined;
}

const reason = build();
if (reason !== undefined) for (const name of names) warn(name, reason);
