import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joseOidcVerifier } from '../../packages/server/src/adapters/oidc/jose-oidc-verifier.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';

interface Key {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

describe('OIDC bearer tokens against a real issuer process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-oidc-'));
  const jwksFile = join(dir, 'jwks.json');
  let issuerProcess: ChildProcess;
  let issuer: string;
  let h: RegistryHarness;
  let current: Key;
  let retired: Key;

  const publish = (...keys: Key[]) =>
    writeFileSync(jwksFile, JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  const sign = (
    key: Key,
    claims: Record<string, unknown> = {},
    options: { exp?: string | number | null; iss?: string; aud?: string } = {},
  ) => {
    const jwt = new SignJWT({ groups: ['ml-team'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setSubject('alice')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? 'modelreg')
      .setIssuedAt();
    // null: a token without expiry, which must never be accepted.
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '5m');
    return jwt.sign(key.privateKey);
  };
  const call = (token: string, path = 'whoami') =>
    h.request('GET', path, undefined, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    current = await newKey('key-1');
    retired = await newKey('key-0');
    publish(current);
    issuerProcess = spawn(
      process.execPath,
      [new URL('../support/jwks-issuer.mjs', import.meta.url).pathname, jwksFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    issuer = await new Promise<string>((resolve, reject) => {
      issuerProcess.stdout?.once('data', (d: Buffer) =>
        resolve((JSON.parse(d.toString()) as { url: string }).url),
      );
      issuerProcess.once('exit', () => reject(new Error('the test issuer exited')));
    });
    h = await startHarness('sqlite', {
      config: {
        auth: 'oidc',
        oidcIssuer: issuer,
        oidcAudience: 'modelreg',
        oidcJwksCooldownSeconds: 0,
        oidcClockSkewSeconds: 5,
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    issuerProcess?.kill();
  });

  it('takes the subject and groups of a valid token as the identity, and grants to the group apply', async () => {
    const token = await sign(current);
    const me = await call(token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ subject: 'alice', groups: ['ml-team'], method: 'oidc' });
    // Authenticated but granted nothing yet: lists are empty, writes are refused.
    expect((await call(token, 'registered_models')).body['items']).toEqual([]);
    const write = () =>
      h.request('POST', 'registered_models', { name: 'by-alice' }, { authorization: `Bearer ${token}` });
    expect((await write()).status).toBe(403);
    await h.grant({ principalType: 'group', principal: 'ml-team', role: 'editor' });
    const created = await write();
    expect(created.status).toBe(201);
    // The authenticated identity is the default owner.
    expect(created.body['owner']).toBe('alice');
  });

  it('refuses expired, wrong-audience, wrong-issuer, badly signed and unknown-key tokens with 401', async () => {
    const cases: [string, Promise<string>, RegExp][] = [
      ['expired', sign(current, {}, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
      ['wrong audience', sign(current, {}, { aud: 'someone-else' }), /aud/],
      ['wrong issuer', sign(current, {}, { iss: 'http://127.0.0.1:1/evil' }), /iss/],
      ['unknown kid', sign(await newKey('never-published')), /key the issuer does not publish/],
    ];
    // Signed with another key but claiming the published key id.
    const forger = await newKey('key-1');
    cases.push(['bad signature', sign(forger), /signature/]);
    for (const [what, token, reason] of cases) {
      const response = await call(await token);
      expect(response.status, what).toBe(401);
      expect(response.body['errorCode'], what).toBe('INVALID_TOKEN');
      expect(String(response.body['message']), what).toMatch(reason);
    }
    expect((await call('not.a.jwt')).status).toBe(401);
  });

  it('refuses a token that never expires', async () => {
    const response = await call(await sign(current, {}, { exp: null }));
    expect(response.status).toBe(401);
    expect(String(response.body['message'])).toMatch(/no exp claim/);
  });

  it('refuses a token signed with an algorithm outside the allow-list', async () => {
    const strict = await startHarness('sqlite', {
      config: { auth: 'oidc', oidcIssuer: issuer, oidcAudience: 'modelreg', oidcAlgorithms: 'ES256' },
    });
    try {
      const response = await strict.request('GET', 'whoami', undefined, {
        authorization: `Bearer ${await sign(current)}`,
      });
      expect(response.status).toBe(401);
      expect(String(response.body['message'])).toMatch(/algorithm/);
    } finally {
      await strict.close();
    }
  });

  it('backs off a failed discovery instead of asking the issuer again on every request', async () => {
    const discoveries = async () =>
      ((await (await fetch(`${issuer}/requests`)).json()) as { discoveries: number }).discoveries;
    let now = Date.now();
    const verifier = joseOidcVerifier({
      issuer,
      audience: 'modelreg',
      subjectClaim: 'sub',
      groupsClaim: 'groups',
      clockSkewSeconds: 5,
      jwksCooldownMs: 0,
      algorithms: ['RS256'],
      clock: () => now,
    });
    const token = await sign(current);
    writeFileSync(`${jwksFile}.down`, '');
    try {
      const start = await discoveries();
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect(await discoveries()).toBe(start + 1);
      // Within the back-off: answered at once, the issuer is left alone.
      for (let i = 0; i < 5; i++) {
        await expect(verifier.verify(token)).rejects.toMatchObject({ retryAfterSeconds: 1 });
      }
      expect(await discoveries()).toBe(start + 1);
      now += 1000;
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect(await discoveries()).toBe(start + 2);
      // The back-off doubles; once it has passed and the issuer is back, tokens verify again.
      rmSync(`${jwksFile}.down`);
      now += 1999;
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect(await discoveries()).toBe(start + 2);
      now += 1;
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });
      expect(await discoveries()).toBe(start + 3);
    } finally {
      rmSync(`${jwksFile}.down`, { force: true });
    }
  });

  it('follows a key rotation: a token of the new key works at once, one of the removed key stops', async () => {
    const oldToken = await sign(current);
    expect((await call(oldToken)).status).toBe(200);
    retired = current;
    current = await newKey('key-2');
    publish(current);
    expect((await call(await sign(current))).status).toBe(200);
    const afterRotation = await call(oldToken);
    expect(afterRotation.status).toBe(401);
    expect(retired.kid).toBe('key-1');
  });
});
