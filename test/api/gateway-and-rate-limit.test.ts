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

  it('refuses an empty identity from a trusted proxy', async () => {
    for (const user of ['', '   ']) {
      const answer = await asUser('10.0.0.5', user);
      expect(answer.status, JSON.stringify(user)).toBe(401);
      expect(answer.body['errorCode']).toBe('INVALID_IDENTITY_HEADER');
    }
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

describe('identity headers from a gateway on IPv6', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', {
      config: { auth: 'header', trustedProxies: 'fd00:1::/64,2001:db8::7' },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('trusts the addresses in its IPv6 blocks, and no other', async () => {
    const asUser = (peer: string) =>
      h.request('GET', 'whoami', undefined, { 'x-test-peer': peer, 'kubeflow-userid': 'dana' });
    for (const peer of ['fd00:1::5', 'fd00:1:0:0:ffff::1', '2001:db8::7']) {
      const answer = await asUser(peer);
      expect(answer.status, peer).toBe(200);
      expect(answer.body['subject'], peer).toBe('dana');
    }
    for (const peer of ['fd00:2::5', '2001:db8::8', '10.0.0.5']) {
      expect((await asUser(peer)).status, peer).toBe(401);
    }
  });
});

describe('refused requests', () => {
  let h: RegistryHarness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness('sqlite', {
      config: { auth: 'token', authFailuresPerMinute: 10, trustedProxies: '10.0.0.5' },
    });
    admin = await h.createToken({ name: 'root', role: 'admin' });
  });
  afterAll(async () => {
    await h.close();
  });

  const authenticationEvents = async () => {
    await h.flushAuthenticationFailures(true);
    const answer = await h.request('GET', 'audit_events?outcome=denied&pageSize=1000', undefined, {
      'x-test-peer': '127.0.0.9',
      authorization: `Bearer ${admin}`,
    });
    return answer.body['items'] as Record<string, unknown>[];
  };

  it('count without a credential too, and fill the audit trail with one event per client, not one per request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      statuses.push(
        (await h.request('GET', 'registered_models', undefined, { 'x-test-peer': '198.51.100.20' })).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(new Array<number>(10).fill(401));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    const events = await authenticationEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'anonymous', action: 'authenticate', outcome: 'denied' });
    expect(JSON.parse(String(events[0]?.['detail']))).toMatchObject({
      client: '198.51.100.20',
      failures: 10,
      throttled: 190,
      errorCodes: { AUTHENTICATION_REQUIRED: 10 },
    });
  });

  it('are counted per client behind a trusted proxy, by the address it forwards', async () => {
    const viaProxy = (client: string) =>
      h.request('GET', 'registered_models', undefined, {
        'x-test-peer': '10.0.0.5',
        'x-forwarded-for': `6.6.6.6, ${client}`,
      });
    for (let i = 0; i < 10; i++) expect((await viaProxy('203.0.113.50')).status).toBe(401);
    expect((await viaProxy('203.0.113.50')).status).toBe(429);
    // Another client behind the same ingress is not held back by the first one's failures.
    expect((await viaProxy('203.0.113.51')).status).toBe(401);
    // A client elsewhere cannot name someone else to escape its own count, or to hold them back.
    const direct = (forwarded: string) =>
      h.request('GET', 'registered_models', undefined, {
        'x-test-peer': '192.0.2.9',
        'x-forwarded-for': forwarded,
      });
    for (let i = 0; i < 10; i++) expect((await direct(`203.0.113.${60 + i}`)).status).toBe(401);
    expect((await direct('203.0.113.99')).status).toBe(429);
    expect((await viaProxy('203.0.113.99')).status).toBe(401);
    const clients = (await authenticationEvents()).map(
      (e) => JSON.parse(String(e['detail'])).client as string,
    );
    expect(clients).toEqual(
      expect.arrayContaining(['203.0.113.50', '203.0.113.51', '192.0.2.9', '203.0.113.99']),
    );
    expect(clients).not.toContain('10.0.0.5');
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
