// Builds native/page-cache.node (packages/server's install script). Optional: without it the
// disk store leaves written files in the page cache, so this never fails the install; it says
// why it built nothing instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const source = join(nativeDir, 'page-cache.c');
const target = join(nativeDir, 'build', 'page-cache.node');

function skip(reason) {
  process.stderr.write(
    `@modelreg/server: page-cache helper not built (${reason}); large uploads will stay in the page cache\n`,
  );
  process.exit(0);
}

if (process.platform !== 'linux') skip(`posix_fadvise is used on Linux only, this is ${process.platform}`);

// Node's headers: next to the running node (official builds and Debian's), or npm's nodedir.
const headerDirs = [
  join(dirname(process.execPath), '..', 'include', 'node'),
  ...(process.env.npm_config_nodedir ? [join(process.env.npm_config_nodedir, 'include', 'node')] : []),
];
const headers = headerDirs.find((dir) => existsSync(join(dir, 'node_api.h')));
if (headers === undefined) skip(`node_api.h not found in ${headerDirs.join(' or ')}`);

const compiler = process.env.CC || 'cc';
mkdirSync(dirname(target), { recursive: true });
const partial = `${target}.${process.pid}.tmp`;
const result = spawnSync(
  compiler,
  [
    '-shared',
    '-fPIC',
    '-O2',
    '-Wall',
    '-DNODE_GYP_MODULE_NAME=page_cache',
    `-I${headers}`,
    '-o',
    partial,
    source,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (result.error !== undefined || result.status !== 0) {
  rmSync(partial, { force: true });
  skip(
    result.error !== undefined
      ? `${compiler}: ${result.error.message}`
      : `${compiler} exited with ${result.status}`,
  );
}
renameSync(partial, target);
