import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './config.js';

const cwd = '/srv/registry';

describe('loadServerConfig', () => {
  it('defaults to SQLite and local files under ./modelreg-data on loopback:8080', () => {
    const config = loadServerConfig({}, {}, cwd);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/registry/modelreg-data',
      db: 'sqlite:/srv/registry/modelreg-data/registry.db',
      artifacts: '/srv/registry/modelreg-data/artifacts',
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes defaults < config file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-config-'));
    const file = join(dir, 'modelreg.yaml');
    writeFileSync(file, 'port: 9000\nhost: 0.0.0.0\nlogLevel: warn\nauth: [token]\n');
    const fromFile = loadServerConfig({ config: file }, {}, cwd);
    expect(fromFile).toMatchObject({ port: 9000, host: '0.0.0.0', logLevel: 'warn' });
    const fromEnv = loadServerConfig({ config: file }, { MODELREG_PORT: '9100' }, cwd);
    expect(fromEnv.port).toBe(9100);
    expect(fromEnv.host).toBe('0.0.0.0');
    const fromFlag = loadServerConfig({ config: file, port: '9200' }, { MODELREG_PORT: '9100' }, cwd);
    expect(fromFlag.port).toBe(9200);
    const viaEnvFile = loadServerConfig({}, { MODELREG_CONFIG: file }, cwd);
    expect(viaEnvFile.port).toBe(9000);
  });

  it('reads the artifact store settings: S3 endpoint, region (AWS_REGION by default), path style, public URL', () => {
    const s3 = loadServerConfig(
      { artifacts: 's3://models/registry' },
      {
        MODELREG_S3_ENDPOINT: 'http://minio.internal:9000',
        MODELREG_S3_FORCE_PATH_STYLE: 'true',
        MODELREG_PUBLIC_URL: 'https://registry.example/',
        AWS_REGION: 'eu-west-3',
      },
      cwd,
    );
    expect(s3).toMatchObject({
      artifacts: 's3://models/registry',
      s3Endpoint: 'http://minio.internal:9000',
      s3Region: 'eu-west-3',
      s3ForcePathStyle: true,
      publicUrl: 'https://registry.example',
    });
    expect(loadServerConfig({}, {}, cwd)).toMatchObject({ s3Region: 'us-east-1', s3ForcePathStyle: false });
    expect(loadServerConfig({ s3Region: 'ap-south-1' }, { AWS_REGION: 'eu-west-3' }, cwd).s3Region).toBe(
      'ap-south-1',
    );
    expect(() => loadServerConfig({ s3Endpoint: 'minio:9000' }, {}, cwd)).toThrow(/s3Endpoint/);
    expect(() => loadServerConfig({ s3ForcePathStyle: 'yes' }, {}, cwd)).toThrow(/s3ForcePathStyle/);
    expect(() => loadServerConfig({ publicUrl: 'registry.example' }, {}, cwd)).toThrow(/publicUrl/);
    expect(() => loadServerConfig({ artifacts: 's3://Bad_Bucket/x' }, {}, cwd)).toThrow(/bucket/);
  });

  it('reads how long an idle upload lives: 7 days by default, 0 for never, at least 10 minutes', () => {
    expect(loadServerConfig({}, {}, cwd).uploadExpirySeconds).toBe(604_800);
    expect(loadServerConfig({}, { MODELREG_UPLOAD_EXPIRY_SECONDS: '0' }, cwd).uploadExpirySeconds).toBe(0);
    expect(loadServerConfig({ uploadExpirySeconds: 3600 }, {}, cwd).uploadExpirySeconds).toBe(3600);
    expect(() => loadServerConfig({ uploadExpirySeconds: 60 }, {}, cwd)).toThrow(
      /uploadExpirySeconds: expected 0 \(never\) or at least 600/,
    );
    expect(() => loadServerConfig({ uploadExpirySeconds: 'week' }, {}, cwd)).toThrow(/uploadExpirySeconds/);
  });

  it('refuses to serve beyond loopback without authentication unless told to', () => {
    expect(() => loadServerConfig({ host: '0.0.0.0' }, {}, cwd)).toThrow(/--allow-remote-without-auth/);
    expect(loadServerConfig({ host: '0.0.0.0', auth: 'token' }, {}, cwd).auth).toEqual(['token']);
    expect(loadServerConfig({ host: '0.0.0.0', allowRemoteWithoutAuth: 'true' }, {}, cwd).auth).toEqual([
      'none',
    ]);
    expect(loadServerConfig({ host: '127.0.0.2' }, {}, cwd).host).toBe('127.0.0.2');
    expect(loadServerConfig({}, { MODELREG_AUTH: 'none,token' }, cwd).auth).toEqual(['none', 'token']);
    expect(() => loadServerConfig({ auth: 'ldap' }, {}, cwd)).toThrow(/auth/);
    expect(() => loadServerConfig({ auth: 'oidc' }, {}, cwd)).toThrow(/oidcIssuer and oidcAudience/);
    expect(() => loadServerConfig({ auth: 'header' }, {}, cwd)).toThrow(/trustedProxies/);
    expect(() => loadServerConfig({ auth: 'header', trustedProxies: 'gateway' }, {}, cwd)).toThrow(/gateway/);
    const oidc = loadServerConfig(
      { auth: 'oidc', oidcIssuer: 'https://id.example', oidcAudience: 'modelreg' },
      { MODELREG_OIDC_GROUPS_CLAIM: 'roles' },
      cwd,
    );
    expect(oidc).toMatchObject({
      oidcSubjectClaim: 'sub',
      oidcGroupsClaim: 'roles',
      oidcClockSkewSeconds: 60,
    });
  });

  it('resolves a relative sqlite path and data dir against the working directory', () => {
    const config = loadServerConfig({ dataDir: 'data', db: 'sqlite:meta.db' }, {}, cwd);
    expect(config.dataDir).toBe('/srv/registry/data');
    expect(config.db).toBe('sqlite:/srv/registry/meta.db');
    expect(loadServerConfig({ db: 'postgres://u@h/db' }, {}, cwd).db).toBe('postgres://u@h/db');
  });

  it('stops on a bad value or an unknown key, naming it', () => {
    expect(() => loadServerConfig({ port: 'eighty' }, {}, cwd)).toThrow(/port/);
    expect(() => loadServerConfig({ port: '70000' }, {}, cwd)).toThrow(ConfigError);
    expect(() => loadServerConfig({ logLevel: 'loud' }, {}, cwd)).toThrow(/logLevel/);
    expect(() => loadServerConfig({ artifacts: 'ftp://x' }, {}, cwd)).toThrow(/artifacts/);
    expect(() => loadServerConfig({}, { MODELREG_PROT: '1' }, cwd)).toThrow(/MODELREG_PROT/);
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'prot: 1\n');
    expect(() => loadServerConfig({ config: file }, {}, cwd)).toThrow(/unknown key 'prot'/);
    expect(() => loadServerConfig({ config: join(dir, 'missing.yaml') }, {}, cwd)).toThrow(/missing.yaml/);
    // Client variables are not the server's business.
    expect(() => loadServerConfig({}, { MODELREG_URL: 'http://x', MODELREG_TOKEN: 't' }, cwd)).not.toThrow();
  });

  it('validates trusted proxies as IPv4 or IPv6 CIDR blocks, and refuses /0 unless asked for', () => {
    const header = { auth: 'header' };
    expect(
      loadServerConfig({ ...header, trustedProxies: '10.0.0.5,10.1.0.0/16,fd00:1::/64' }, {}, cwd)
        .trustedProxies,
    ).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00:1::/64']);
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'gateway.internal', '10.0.0.256']) {
      expect(() => loadServerConfig({ ...header, trustedProxies: bad }, {}, cwd), bad).toThrow(
        /trustedProxies/,
      );
    }
    for (const everyone of ['0.0.0.0/0', '::/0']) {
      expect(() => loadServerConfig({ ...header, trustedProxies: everyone }, {}, cwd), everyone).toThrow(
        /trusts every address.*allowAnyProxy/,
      );
      expect(
        loadServerConfig({ ...header, trustedProxies: everyone, allowAnyProxy: true }, {}, cwd)
          .trustedProxies,
      ).toEqual([everyone]);
    }
  });

  it('accepts only asymmetric OIDC algorithms, the RS256/ES256/EdDSA families by default', () => {
    const oidc = { auth: 'oidc', oidcIssuer: 'https://login.example', oidcAudience: 'modelreg' };
    expect(loadServerConfig(oidc, {}, cwd).oidcAlgorithms).toEqual(
      expect.arrayContaining(['RS256', 'ES256', 'EdDSA', 'PS256']),
    );
    expect(loadServerConfig(oidc, {}, cwd).oidcAlgorithms).not.toContain('HS256');
    expect(loadServerConfig({ ...oidc, oidcAlgorithms: 'ES256' }, {}, cwd).oidcAlgorithms).toEqual(['ES256']);
    for (const bad of ['HS256', 'none', 'RS256,HS512']) {
      expect(() => loadServerConfig({ ...oidc, oidcAlgorithms: bad }, {}, cwd), bad).toThrow(
        /oidcAlgorithms/,
      );
    }
  });

  it('has request, header and keep-alive timeouts, the keep-alive longer than client pools keep a connection', () => {
    expect(loadServerConfig({}, {}, cwd)).toMatchObject({
      requestTimeoutSeconds: 60,
      headersTimeoutSeconds: 20,
      keepAliveTimeoutSeconds: 65,
    });
    const set = loadServerConfig(
      { requestTimeoutSeconds: '5' },
      { MODELREG_HEADERS_TIMEOUT_SECONDS: '7', MODELREG_KEEP_ALIVE_TIMEOUT_SECONDS: '30' },
      cwd,
    );
    expect(set).toMatchObject({
      requestTimeoutSeconds: 5,
      headersTimeoutSeconds: 7,
      keepAliveTimeoutSeconds: 30,
    });
    expect(() => loadServerConfig({ keepAliveTimeoutSeconds: '4' }, {}, cwd)).toThrow(
      /keepAliveTimeoutSeconds/,
    );
  });
});
