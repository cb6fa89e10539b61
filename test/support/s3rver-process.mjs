// A real S3-protocol server (s3rver) in its own process, for the S3 runs of the suites:
//   node s3rver-process.mjs <directory> <bucket>
// prints {"port": n} once listening on 127.0.0.1; SIGTERM stops it.
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => {
  server.close().finally(() => process.exit(0));
});
