import { createHash, type Hash } from 'node:crypto';
import { loadNativeHelper } from './native-helper.js';

/**
 * A sha256 computed as bytes stream in. Where the native helper `native/sha256.c` is built, its
 * state at a 64-byte block boundary can leave the process (`exportState`) and be continued by
 * another (`importStreamHash`): an S3 multipart upload then resumes after a restart. Otherwise it
 * is node:crypto's, whose state stays in the process (docs/adr/0012-native-helpers.md).
 */
export interface StreamHash {
  update(bytes: Uint8Array): void;
  /** An independent hash in the same state. */
  copy(): StreamHash;
  /** The hex digest; the hash is spent. */
  digest(): string;
  /** The state after every byte so far, or undefined: not exportable here, or not at a block boundary. */
  exportState(): string | undefined;
}

interface Helper {
  create(): Buffer;
  update(context: Buffer, bytes: Uint8Array): void;
  digest(context: Buffer): Buffer;
  exportState(context: Buffer): Buffer | null;
  importState(state: Buffer, bytes: number): Buffer;
}

/** `<64 hex of the intermediate hash>@<bytes hashed>` */
const STATE = /^([0-9a-f]{64})@(\d{1,16})$/;

class NativeHash implements StreamHash {
  private bytes: number;

  constructor(
    private readonly helper: Helper,
    private readonly context: Buffer,
    bytes: number,
  ) {
    this.bytes = bytes;
  }

  update(bytes: Uint8Array): void {
    this.helper.update(this.context, bytes);
    this.bytes += bytes.length;
  }

  copy(): StreamHash {
    // The context is plain bytes (OpenSSL's SHA256_CTX holds no pointer).
    return new NativeHash(this.helper, Buffer.from(this.context), this.bytes);
  }

  digest(): string {
    return this.helper.digest(this.context).toString('hex');
  }

  exportState(): string | undefined {
    const state = this.helper.exportState(this.context);
    return state === null ? undefined : `${state.toString('hex')}@${this.bytes}`;
  }
}

class NodeHash implements StreamHash {
  constructor(private readonly hash: Hash = createHash('sha256')) {}

  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }

  copy(): StreamHash {
    return new NodeHash(this.hash.copy());
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  exportState(): undefined {
    return undefined;
  }
}

function load(): { helper: Helper | undefined; status: string } {
  const loaded = loadNativeHelper<Helper>('sha256');
  return 'helper' in loaded
    ? { helper: loaded.helper, status: 'exportable' }
    : { helper: undefined, status: `in process only (${loaded.reason})` };
}

const loaded = load();

/** 'exportable' when states can leave the process, else why not. */
export const streamHashStatus: string = loaded.status;

export function createStreamHash(): StreamHash {
  return loaded.helper === undefined
    ? new NodeHash()
    : new NativeHash(loaded.helper, loaded.helper.create(), 0);
}

/**
 * A hash continuing from an exported state, if that state is well formed and is the state after
 * exactly `bytes` bytes; else undefined (the caller starts again from 0).
 */
export function importStreamHash(state: string, bytes: number): StreamHash | undefined {
  const match = STATE.exec(state);
  if (loaded.helper === undefined || match === null || Number(match[2]) !== bytes || bytes % 64 !== 0) {
    return undefined;
  }
  const context = loaded.helper.importState(Buffer.from(match[1] ?? '', 'hex'), bytes);
  return new NativeHash(loaded.helper, context, bytes);
}
