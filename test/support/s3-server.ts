import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));

export interface S3Server {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly bucket: string;
  /** Server settings that point the registry at this server's bucket under `prefix`. */
  config(prefix: string): { artifacts: string; s3Endpoint: string; s3ForcePathStyle: boolean };
  stop(): Promise<void>;
}

/**
 * Starts s3rver in a child process on 127.0.0.1 with a fresh directory and one bucket. The AWS SDK
 * finds s3rver's fixed credentials (S3RVER/S3RVER) in the standard environment variables.
 */
export async function startS3Server(bucket = 'models'): Promise<S3Server> {
  process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
  const directory = mkdtempSync(join(tmpdir(), 'modelreg-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, directory, bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${String(code)}): ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    config: (prefix) => ({
      artifacts: `s3://${bucket}/${prefix}`,
      s3Endpoint: endpoint,
      s3ForcePathStyle: true,
    }),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
