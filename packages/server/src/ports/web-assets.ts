/** One file of the built web UI, ready to send. */
export interface WebAsset {
  readonly body: Uint8Array<ArrayBuffer>;
  /** The same bytes gzip-compressed, when that is smaller. */
  readonly gzip?: Uint8Array<ArrayBuffer> | undefined;
  readonly contentType: string;
  /** A strong validator of the bytes (quoted, as the ETag header carries it). */
  readonly etag: string;
  /** True for content-hashed files (Vite's `assets/`): their name changes whenever they do. */
  readonly immutable: boolean;
}

/** The built web UI (packages/web, built into the server package), served by the same server. */
export interface WebAssets {
  /** The file at a `/`-separated path relative to the UI's root (`index.html`, `assets/…`), if any. */
  get(path: string): Promise<WebAsset | undefined>;
}
