import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, reviewFindings, severityAtLeast, type ReviewFacts } from './review.js';

const DAY = 24 * 3600 * 1000;
const NOW = 1_000 * DAY;

function facts(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    now: NOW,
    thresholds: DEFAULT_THRESHOLDS,
    models: [],
    versions: [],
    evidence: new Map(),
    stagingSince: new Map(),
    deployments: [],
    lastDeployment: new Map(),
    aliases: [],
    unverified: [],
    corrupt: [],
    corruptRunFiles: [],
    auditChain: { valid: true, events: 0 },
    tokens: [],
    grants: [],
    ...overrides,
  };
}

const token = (id: number, created: number, lastUse?: number) => ({
  id,
  name: `t${id}`,
  subject: `t${id}`,
  role: 'viewer' as const,
  createdBy: 'root',
  createTimeSinceEpoch: created,
  expireTimeSinceEpoch: NOW + 30 * DAY,
  lastUseTimeSinceEpoch: lastUse,
});

describe('reviewFindings', () => {
  it('calls a token unused when it was not used within the threshold, or never and is older', () => {
    const kinds = reviewFindings(
      facts({
        tokens: [
          token(1, NOW - 200 * DAY, NOW - 100 * DAY),
          token(2, NOW - 200 * DAY, NOW - DAY),
          token(3, NOW - 200 * DAY),
          token(4, NOW - 10 * DAY),
        ],
      }),
    ).map((f) => `${f.kind} ${f.entity.name}: ${f.why}`);
    expect(kinds).toEqual([
      'token-unused t1: not used for 100 days',
      'token-unused t3: never used in 200 days',
    ]);
  });

  it('a model is stale only with neither a recent version nor a recent deployment', () => {
    const model = (id: number) => ({ id, name: `m${id}`, createTimeSinceEpoch: NOW - 300 * DAY });
    const version = (id: number, modelId: number, created: number) => ({
      id,
      name: 'v1',
      registeredModelId: modelId,
      stage: 'Development' as const,
      createTimeSinceEpoch: created,
    });
    const found = reviewFindings(
      facts({
        models: [model(1), model(2), model(3)],
        versions: [
          version(11, 1, NOW - 200 * DAY),
          version(12, 2, NOW - 200 * DAY),
          version(13, 3, NOW - DAY),
        ],
        lastDeployment: new Map([[2, NOW - 5 * DAY]]),
      }),
    );
    expect(found.map((f) => f.entity.name)).toEqual(['m1']);
    expect(found[0]?.fix).toBe('modelreg models archive m1');
  });

  it('orders severities and compares them', () => {
    expect(severityAtLeast('high', 'medium')).toBe(true);
    expect(severityAtLeast('low', 'medium')).toBe(false);
    expect(severityAtLeast('info', 'info')).toBe(true);
  });
});
