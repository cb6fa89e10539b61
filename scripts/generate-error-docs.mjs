// Regenerates docs/errors.md from the error-code registry of the built server:
//   npm run build && node scripts/generate-error-docs.mjs
// packages/server/src/domain/error-codes.test.ts fails when the page and the registry disagree.
import { writeFileSync } from 'node:fs';
import {
  ENTITY_CODES,
  ENTITY_ERROR_SUFFIXES,
  ERROR_CODES,
} from '../packages/server/dist/domain/error-codes.js';

// Codes answered with something other than 400 (the status map lives in src/http/error-response.ts).
const STATUS = {
  ROUTE_NOT_FOUND: 404,
  MODEL_ARTIFACT_NOT_FOUND: 404,
  ALIAS_NOT_FOUND: 404,
  BODY_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  REQUIRED_FIELD_MISSING: '400 / 422',
  INVALID_DATABASE_URL: 'start-up',
  AUTHENTICATION_REQUIRED: 401,
  INVALID_TOKEN: 401,
  UNTRUSTED_IDENTITY_HEADER: 401,
  MALFORMED_AUTHORIZATION: 401,
  INVALID_IDENTITY_HEADER: 401,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  REQUEST_TIMEOUT: 408,
  ARTIFACT_OF_ANOTHER_PARENT: 409,
  PERMISSION_DENIED: 403,
  TOO_MANY_FAILED_ATTEMPTS: 429,
  STAGE_TRANSITION_NOT_ALLOWED: 409,
  STAGE_MISMATCH: 409,
  VERSION_NOT_DEPLOYED: 409,
  VERSION_SCHEME_CONFLICT: 409,
  PROMOTION_POLICY_NOT_MET: 412,
  PRODUCTION_NAMESPACE_NEEDS_PRODUCTION_STAGE: 412,
  NO_CANARY_IN_PROGRESS: 412,
  LINEAGE_CYCLE: 409,
  LINEAGE_REFERENCE_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  CONTENT_NOT_FOUND: 404,
  UPLOAD_OFFSET_MISMATCH: 409,
  UPLOAD_INCOMPLETE: 409,
  UPLOAD_NOT_OPEN: 409,
  UPLOAD_BUSY: 409,
  CONTENT_SEALED: 409,
  EXTERNAL_CONTENT: 409,
  DIGEST_MISMATCH: 422,
  RANGE_NOT_SATISFIABLE: 416,
  CONTENT_CORRUPT: 500,
  VERIFICATION_RUN_NOT_FOUND: 404,
};

let out = `# Error codes

Every error answer has the Kubeflow body \`{"code": "<HTTP reason phrase>", "message": "…"}\` plus two
fields of ours: \`errorCode\`, one of the stable codes below, and \`requestId\`, the id under which the server
logged the request. Clients should branch on \`errorCode\`, never on the message text. A test
(\`packages/server/src/domain/error-codes.test.ts\`) fails when this page and the code disagree;
\`node scripts/generate-error-docs.mjs\` rewrites it.

| errorCode | HTTP status | meaning |
| --- | --- | --- |
`;
for (const [code, meaning] of Object.entries(ERROR_CODES))
  out += `| \`${code}\` | ${STATUS[code] ?? 400} | ${meaning} |\n`;
out += `\n## Per-entity codes\n\n\`<ENTITY>\` is one of ${ENTITY_CODES.map((e) => `\`${e}\``).join(', ')}.\n\n| errorCode | HTTP status | meaning |\n| --- | --- | --- |\n`;
for (const [suffix, text] of Object.entries(ENTITY_ERROR_SUFFIXES)) {
  const [status, ...meaning] = text.split(': ');
  out += `| \`<ENTITY>${suffix}\` | ${status} | ${meaning.join(': ')} |\n`;
}
writeFileSync(new URL('../docs/errors.md', import.meta.url), out);
