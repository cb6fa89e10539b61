import { MessageChannel } from 'node:worker_threads';

/**
 * A port closed from the start. An ArrayBuffer posted through it is still transferred, which
 * detaches it (structured clone does so even for a closed port), and since no one will ever
 * receive the message its memory is freed then and there.
 */
const nowhere = new MessageChannel().port1;
nowhere.close();

/**
 * Frees the memory of a chunk of a request body now rather than at a later garbage collection;
 * the chunk reads as empty afterwards, so only its last user may call this. Node's HTTP parser
 * copies every piece of a body (up to 64 KiB) into a buffer of its own. Left to the garbage
 * collector, an upload kept up to 64 MB of them (V8's allowance for memory outside its heap)
 * before a collection freed them, and the malloc heap they came from stayed that large.
 */
export function freeNow(chunk: Uint8Array): void {
  const { buffer } = chunk;
  // Only a chunk that is its whole buffer: a slice of a shared one (Node's pool) is not ours.
  if (!(buffer instanceof ArrayBuffer) || chunk.byteOffset !== 0 || chunk.byteLength !== buffer.byteLength) {
    return;
  }
  try {
    nowhere.postMessage(null, [buffer]);
  } catch {
    // Not transferable (Node marks some buffers so): the garbage collector frees it, as before.
  }
}
