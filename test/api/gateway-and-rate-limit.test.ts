import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';

describe('identity headers from a trusted gateway', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', {
      config: { auth: 'header,token', trustedProxies: '10.0.0.5,10.1.0.0/16' },
    });
    await h.grant({ principalType: 'group', principal: 'ml-team', role: 'editor' });
  });
  afterAll(async () => {
    await h.close();
  });

  const asUser = (peer: string, user: string, groups?: string) =>
    h.request('GET', 'whoami', undefined, {
      'x-test-peer': peer,
      'kubeflow-userid': user,
      ...(groups === undefined ? {} : { 'kubeflow-groups': groups }),
    });

  it('takes the user and groups a trusted proxy sets', async () => {
    const me = await asUser('10.0.0.5', 'bob@example.com', 'ml-team, reviewers');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      subject: 'bob@example.com',
      groups: ['ml-team', 'reviewers'],
      method: 'header',
    });
    const viaCidr = await asUser('::ffff:10.1.2.3', 'carol');
    expect(viaCidr.body).toMatchObject({ subject: 'carol', method: 'header' });
    const created = await h.request(
      'POST',
      'registered_models',
      { name: 'from-gateway' },
      { 'x-test-peer': '10.0.0.5', 'kubeflow-userid': 'bob@example.com', 'kubeflow-groups': 'ml-team' },
    );
    expect(created.status).toBe(201);
    expect(created.body['owner']).toBe('bob@example.com');
  });

  it('refuses the same headers from any other address, and does not fall back to anonymous', async () => {
    const spoofed = await asUser('192.168.1.20', 'admin');
    expect(spoofed.status).toBe(401);
    expect(spoofed.body['errorCode']).toBe('UNTRUSTED_IDENTITY_HEADER');
    expect(
      (await h.request('GET', 'registered_models', undefined, { 'x-test-peer': '10.0.0.5' })).status,
    ).toBe(401);
  });
});

describe('guessing tokens', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token', authFailuresPerMinute: 5 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is limited per client address with a clear 429, which never locks out a valid credential', async () => {
    const valid = await h.createToken({ name: 'ci', role: 'viewer' });
    const guess = (peer: string, n: number) =>
      h.request('GET', 'registered_models', undefined, {
        'x-test-peer': peer,
        authorization: `Bearer mrt_1_${'A'.repeat(40)}${n}`,
      });
    for (let n = 0; n < 5; n++) expect((await guess('203.0.113.9', n)).status).toBe(401);
    const limited = await guess('203.0.113.9', 99);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'Too Many Requests', errorCode: 'TOO_MANY_FAILED_ATTEMPTS' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Without any credential the held-back client gets 429 too, before anything else is done.
    expect(
      (await h.request('GET', 'registered_models', undefined, { 'x-test-peer': '203.0.113.9' })).status,
    ).toBe(429);
    // Someone else behind the same address who proves who they are is served.
    const fromThere = await h.request('GET', 'registered_models', undefined, {
      'x-test-peer': '203.0.113.9',
      authorization: `Bearer ${valid}`,
    });
    expect(fromThere.status).toBe(200);
    const elsewhere = await guess('198.51.100.7', 1);
    expect(elsewhere.status).toBe(401);
  });
});
