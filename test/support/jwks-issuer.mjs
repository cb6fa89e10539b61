// A stand-in OIDC issuer for tests: serves the discovery document and the JWKS kept in the JSON
// file named on the command line (re-read on every request, so a test rotates keys by rewriting
// it). While a file `<jwks file>.down` exists, discovery answers 503 (an issuer that is down).
// GET /requests answers how many discovery requests it has had. Prints `{"url": …}` once
// listening on 127.0.0.1.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const jwksFile = process.argv[2];
let discoveries = 0;
const server = createServer((request, response) => {
  const base = `http://127.0.0.1:${server.address().port}`;
  if (request.url === '/.well-known/openid-configuration') {
    discoveries += 1;
    if (existsSync(`${jwksFile}.down`)) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks.json` }));
  } else if (request.url === '/jwks.json') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(readFileSync(jwksFile, 'utf8'));
  } else if (request.url === '/requests') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ discoveries }));
  } else {
    response.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
