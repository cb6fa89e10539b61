import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Tokens saved by `modelreg login`, one per registry URL, readable by the user only (0600). */
interface CredentialsFile {
  servers: Record<string, { token: string }>;
}

export function credentialsPath(): string {
  const base = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'modelreg', 'credentials.json');
}

function read(): CredentialsFile {
  try {
    const parsed = JSON.parse(readFileSync(credentialsPath(), 'utf8')) as Partial<CredentialsFile>;
    return { servers: typeof parsed.servers === 'object' && parsed.servers !== null ? parsed.servers : {} };
  } catch {
    return { servers: {} };
  }
}

function key(url: string): string {
  return url.replace(/\/+$/, '');
}

export function savedToken(url: string): string | undefined {
  return read().servers[key(url)]?.token;
}

export function saveToken(url: string, token: string | undefined): string {
  const file = read();
  if (token === undefined) delete file.servers[key(url)];
  else file.servers[key(url)] = { token };
  const path = credentialsPath();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // An older file keeps its mode on rewrite: tighten it every time.
  chmodSync(path, 0o600);
  return path;
}
