/// <reference types="node" />
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalFile } from '../file-types.js';

/** One file as the note remembers it: unchanged size and mtime mean the same bytes. */
interface NotedFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The digest the client computed and the server confirmed, once the server holds the whole file. */
  sha256?: string;
}

interface Note {
  readonly url: string;
  readonly modelVersionId: string;
  readonly root: string;
  readonly uploadId: string;
  readonly files: NotedFile[];
}

/** Where notes go unless the caller says: the user's cache directory. */
export function defaultStateDir(): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'modelreg', 'uploads');
}

/**
 * The note that lets a later call resume an open upload session: which session, for which
 * registry, version and local directory, and which files (size, mtime, confirmed digest). One
 * file per (registry, version, directory), written whole (temp file + rename), readable by the
 * user only. Losing a note costs a restart, never a wrong upload: the server's digests decide.
 */
export class UploadNotes {
  private readonly file: string;
  private note: Note | undefined;
  private byPath = new Map<string, NotedFile>();
  private dirty = false;
  private written = 0;

  constructor(
    dir: string,
    private readonly url: string,
    private readonly modelVersionId: string,
    private readonly root: string,
  ) {
    const key = createHash('sha256').update(`${url}\n${modelVersionId}\n${root}`).digest('hex').slice(0, 32);
    this.file = join(dir, `${key}.json`);
  }

  /** The noted session for exactly these files (same paths, sizes, mtimes), or undefined. */
  sessionFor(files: readonly LocalFile[]): string | undefined {
    const note = this.read();
    if (note === undefined) return undefined;
    const same =
      note.url === this.url &&
      note.modelVersionId === this.modelVersionId &&
      note.root === this.root &&
      note.files.length === files.length &&
      files.every((file, i) => {
        const noted = note.files[i];
        return noted?.path === file.path && noted.size === file.size && noted.mtimeMs === file.mtimeMs;
      });
    return same ? note.uploadId : undefined;
  }

  /** The session noted for this version and directory, whatever its files (to discard it). */
  staleSession(): string | undefined {
    return this.read()?.uploadId;
  }

  /** The confirmed digest of a file of the noted session. */
  confirmedDigest(path: string): string | undefined {
    return this.byPath.get(path)?.sha256;
  }

  start(uploadId: string, files: readonly LocalFile[]): void {
    this.use({
      url: this.url,
      modelVersionId: this.modelVersionId,
      root: this.root,
      uploadId,
      files: files.map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs })),
    });
    this.write();
  }

  /**
   * Remembers a file's confirmed digest. The note is rewritten at most once a second (a tree of many
   * small files would otherwise rewrite it once per file); `flush` writes what is pending. A lost
   * confirmation costs nothing but a comparison with the digest the server reports.
   */
  confirm(path: string, sha256: string): void {
    const file = this.byPath.get(path);
    if (file === undefined) return;
    file.sha256 = sha256;
    this.dirty = true;
    if (Date.now() - this.written >= 1_000) this.flush();
  }

  flush(): void {
    if (this.dirty) this.write();
  }

  remove(): void {
    this.use(undefined);
    this.dirty = false;
    rmSync(this.file, { force: true });
  }

  private read(): Note | undefined {
    try {
      const note = JSON.parse(readFileSync(this.file, 'utf8')) as Note;
      if (!Array.isArray(note.files) || typeof note.uploadId !== 'string') return undefined;
      this.use(note);
      return note;
    } catch {
      return undefined;
    }
  }

  private use(note: Note | undefined): void {
    this.note = note;
    this.byPath = new Map((note?.files ?? []).map((file) => [file.path, file]));
  }

  private write(): void {
    this.dirty = false;
    this.written = Date.now();
    if (this.note === undefined) return;
    mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(this.note), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
