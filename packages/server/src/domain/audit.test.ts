import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHashedFields, auditHashInput } from './audit.js';

// The hash input is what every stored chain was hashed over (and what PostgreSQL recomputes in SQL,
// adapters/sql/audit/chain-in-sql.ts): its text must not change.
describe('the audit hash input', () => {
  const event = {
    timeSinceEpoch: 1_700_000_000_123,
    actor: 'alice',
    actorMethod: 'token',
    action: 'create modelVersion',
    outcome: 'success' as const,
    entityId: '42',
    detail: '{"after":{"name":"v1 \\"q\\""}}',
  };

  it('is the JSON array of the previous hash, the time and the fields, absent ones null', () => {
    expect(auditHashInput('ab12', event)).toBe(
      '["ab12",1700000000123,"alice","token","create modelVersion","success",null,"42",null,"{\\"after\\":{\\"name\\":\\"v1 \\\\\\"q\\\\\\"\\"}}"]',
    );
    expect(createHash('sha256').update(auditHashInput('', event)).digest('hex')).toBe(
      createHash('sha256')
        .update(`["",1700000000123,${JSON.stringify(auditHashedFields(event)).slice(1)}`)
        .digest('hex'),
    );
  });
});
