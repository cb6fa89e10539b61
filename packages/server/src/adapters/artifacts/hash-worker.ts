import { Worker } from 'node:worker_threads';

/** Slots of the ring shared with the worker, per file being hashed… */
const SLOTS = 8;
/** …of this many bytes: a writer fills one while the worker hashes the others (8 MiB per file). */
export const SLOT_SIZE = 1024 * 1024;
/** Files whose hash state at their last checkpoint is kept; the oldest are dropped past it. */
const MAX_SNAPSHOTS = 10_000;
/**
 * Rings kept for the next files once their hash is done. A ring given up is freed only when both
 * this thread and the worker collect their garbage, which an idle worker never does: a new ring
 * per file grew the server's memory by 8 MiB per transfer.
 */
const SPARE_RINGS = 2;

// The worker's program, as CommonJS source so it runs the same from src/ (tests) and dist/.
// It keeps one sha256 per open stream, and per file the state at its last checkpoint, so a resumed
// transfer continues hashing without reading the staged bytes back. Messages are handled in order.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
const rings = new Map();
const snapshots = new Map();
parentPort.on('message', (m) => {
  try {
    switch (m.op) {
      case 'open': {
        if (m.ring !== undefined) rings.set(m.ringId, new Uint8Array(m.ring));
        let hash;
        if (m.offset === 0 || m.fresh) hash = createHash('sha256');
        else {
          const saved = snapshots.get(m.key);
          if (saved !== undefined && saved.offset === m.offset) hash = saved.hash.copy();
        }
        if (hash !== undefined) streams.set(m.id, { hash, ring: rings.get(m.ringId) });
        parentPort.postMessage({ seq: m.seq, found: hash !== undefined });
        break;
      }
      case 'drop-ring':
        rings.delete(m.ringId);
        break;
      case 'update': {
        const stream = streams.get(m.id);
        const start = m.slot * ${SLOT_SIZE};
        stream.hash.update(stream.ring.subarray(start, start + m.length));
        parentPort.postMessage({ id: m.id, ack: m.slot });
        break;
      }
      case 'snapshot':
        snapshots.delete(m.key);
        snapshots.set(m.key, { offset: m.offset, hash: streams.get(m.id).hash.copy() });
        if (snapshots.size > ${MAX_SNAPSHOTS}) snapshots.delete(snapshots.keys().next().value);
        break;
      case 'forget':
        snapshots.delete(m.key);
        break;
      case 'digest': {
        const stream = streams.get(m.id);
        streams.delete(m.id);
        parentPort.postMessage({ seq: m.seq, hex: stream.hash.digest('hex') });
        break;
      }
      case 'close':
        streams.delete(m.id);
        break;
    }
  } catch (error) {
    parentPort.postMessage({ seq: m.seq, id: m.id, error: String(error) });
  }
});
`;

/** Memory shared with the worker, known to it by `id` once sent. */
interface Ring {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  /** The worker that knows it (a new worker after a failure knows none of the old rings). */
  readonly owner: Worker;
}

interface Reply {
  readonly seq?: number;
  readonly id?: number;
  readonly ack?: number;
  readonly found?: boolean;
  readonly hex?: string;
  readonly error?: string;
}

/**
 * sha256 on a worker thread, so hashing (the slowest step of an upload on a CPU without SHA
 * extensions) overlaps with receiving and writing the next bytes instead of adding to them.
 */
export class HashWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private nextSeq = 1;
  private readonly pending = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (e: Error) => void }
  >();
  private readonly streams = new Map<number, WorkerHash>();
  private nextRingId = 1;
  private readonly spareRings: Ring[] = [];

  private get thread(): Worker {
    if (this.worker === undefined) {
      const worker = new Worker(SOURCE, { eval: true });
      worker.on('message', (reply: Reply) => this.onReply(reply));
      const fail = (error: Error) => {
        if (this.worker === worker) this.worker = undefined;
        for (const { reject } of this.pending.values()) reject(error);
        this.pending.clear();
        for (const stream of this.streams.values()) stream.fail(error);
        this.streams.clear();
        this.spareRings.length = 0;
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the hash worker exited (${code})`)));
      // After the listeners: adding a 'message' listener refs the worker again, and an idle
      // worker must not keep the process alive (a stopped server would never exit).
      worker.unref();
      this.worker = worker;
    }
    return this.worker;
  }

  private onReply(reply: Reply): void {
    if (reply.ack !== undefined && reply.id !== undefined) {
      this.streams.get(reply.id)?.acknowledge(reply.ack);
      return;
    }
    if (reply.seq === undefined) return;
    const waiter = this.pending.get(reply.seq);
    this.pending.delete(reply.seq);
    if (reply.error !== undefined) {
      const error = new Error(`hash worker: ${reply.error}`);
      if (waiter !== undefined) waiter.reject(error);
      else if (reply.id !== undefined) this.streams.get(reply.id)?.fail(error);
    } else waiter?.resolve(reply);
  }

  /** Posts a message; with `answer`, resolves with the worker's reply. */
  post(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): void {
    this.thread.postMessage(message, transfer);
  }

  ask(message: Record<string, unknown>): Promise<Reply> {
    const seq = this.nextSeq++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.post({ ...message, seq });
    });
  }

  /**
   * A hash for the file `key` at `offset`: fresh at 0, else continued from the state saved at
   * that exact offset by `snapshot`; undefined when there is none (`fresh` forces a new one).
   */
  async open(key: string, offset: number, fresh = false): Promise<WorkerHash | undefined> {
    const id = this.nextId++;
    const owner = this.thread;
    const spare = this.spareRing(owner);
    const ring = spare ?? { id: this.nextRingId++, buffer: new SharedArrayBuffer(SLOTS * SLOT_SIZE), owner };
    const stream = new WorkerHash(this, id, key, ring.buffer);
    this.streams.set(id, stream);
    // The worker keeps a ring it was sent once; a spare one is named by its id.
    const reply = await this.ask({
      op: 'open',
      id,
      key,
      offset,
      fresh,
      ringId: ring.id,
      ...(spare === undefined ? { ring: ring.buffer } : {}),
    });
    stream.whenDrained(() => {
      this.streams.delete(id);
      this.giveBack(ring);
    });
    if (reply.found === true) return stream;
    stream.close();
    return undefined;
  }

  /** A spare ring the worker `owner` knows, if there is one. */
  private spareRing(owner: Worker): Ring | undefined {
    const ring = this.spareRings.pop();
    if (ring === undefined || ring.owner === owner) return ring;
    // Rings of a worker that has since stopped (closed, or failed) are unknown to this one.
    this.spareRings.length = 0;
    return undefined;
  }

  /** A ring no stream uses any more (none of its slots is being read or written): kept, or dropped. */
  private giveBack(ring: Ring): void {
    if (ring.owner !== this.worker) return;
    if (this.spareRings.length < SPARE_RINGS) this.spareRings.push(ring);
    else this.post({ op: 'drop-ring', ringId: ring.id });
  }

  forget(key: string): void {
    if (this.worker !== undefined) this.post({ op: 'forget', key });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}

/**
 * One file's sha256 on the worker. Bytes reach it through a ring of slots in memory shared with
 * the worker: the writer fills a slot, hands its index over and takes a free one. No buffer is
 * allocated per chunk, so memory stays flat however fast bytes arrive.
 */
export class WorkerHash {
  private readonly free: number[] = [];
  /** Slots given to `update` and not free again yet. */
  private inFlight = 0;
  /** Called once the hash is done (digest or close) and no slot is in flight any more. */
  private drained: (() => void) | undefined;
  private done = false;
  /** Slots someone else still reads after the hash is done with them (a disk write). */
  private readonly held = new Map<number, Promise<unknown>>();
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly worker: HashWorker,
    private readonly id: number,
    private readonly key: string,
    private readonly ring: SharedArrayBuffer,
  ) {
    for (let slot = SLOTS - 1; slot >= 0; slot -= 1) this.free.push(slot);
  }

  /** A free slot to fill (SLOT_SIZE bytes); waits while the worker is busy with all the others. */
  async take(): Promise<{ readonly slot: number; readonly bytes: Buffer }> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const slot = this.free.pop();
      if (slot !== undefined) return { slot, bytes: Buffer.from(this.ring, slot * SLOT_SIZE, SLOT_SIZE) };
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /**
   * Hashes the first `length` bytes of a slot taken with `take` (after every slot given before it).
   * With `held`, the slot is free again only once both the hash and `held` are done with it.
   */
  update(slot: number, length: number, held?: Promise<unknown>): void {
    if (this.failure !== undefined) throw this.failure;
    if (held !== undefined) this.held.set(slot, held);
    this.inFlight += 1;
    this.worker.post({ op: 'update', id: this.id, slot, length });
  }

  acknowledge(slot: number): void {
    const held = this.held.get(slot);
    this.held.delete(slot);
    if (held === undefined) this.release(slot);
    else
      void held.then(
        () => this.release(slot),
        () => this.release(slot),
      );
  }

  private release(slot: number): void {
    this.free.push(slot);
    this.inFlight -= 1;
    this.finishIfDrained();
    const wake = this.waiting;
    this.waiting = undefined;
    wake?.();
  }

  fail(error: Error): void {
    this.failure = error;
    const wake = this.waiting;
    this.waiting = undefined;
    wake?.();
  }

  /** Saves the state after every byte given so far, as the file's state at `offset`. */
  snapshot(offset: number): void {
    this.worker.post({ op: 'snapshot', id: this.id, key: this.key, offset });
  }

  async digest(): Promise<string> {
    if (this.failure !== undefined) throw this.failure;
    const reply = await this.worker.ask({ op: 'digest', id: this.id });
    this.finish();
    return String(reply.hex);
  }

  close(): void {
    this.worker.post({ op: 'close', id: this.id });
    this.finish();
  }

  /** Sets what runs once the hash is done and its ring is no longer read or written by anyone. */
  whenDrained(drained: () => void): void {
    this.drained = drained;
    this.finishIfDrained();
  }

  private finish(): void {
    this.done = true;
    this.finishIfDrained();
  }

  /**
   * The ring goes back only when no slot is in flight: a disk write may still be reading a slot
   * the hash is done with, and the next file would write into it. (The worker itself has hashed
   * every slot of this file before it answers the next file's `open`: it handles messages in order.)
   */
  private finishIfDrained(): void {
    if (!this.done || this.inFlight > 0 || this.drained === undefined) return;
    const drained = this.drained;
    this.drained = undefined;
    drained();
  }
}
