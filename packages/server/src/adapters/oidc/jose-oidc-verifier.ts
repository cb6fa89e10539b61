import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthenticationError } from '../../domain/errors.js';
import type { OidcVerifier, VerifiedIdentity } from '../../ports/oidc-verifier.js';

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Where the issuer's keys are; discovered from the issuer when absent. */
  readonly jwksUrl?: string | undefined;
  readonly subjectClaim: string;
  readonly groupsClaim: string;
  readonly clockSkewSeconds: number;
  /** Least time between two fetches of the key set when a token names an unknown key (rotation). */
  readonly jwksCooldownMs: number;
}

async function discoverJwksUrl(issuer: string): Promise<URL> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof jwksUri !== 'string') throw new Error(`OIDC discovery at ${issuer} gave no jwks_uri`);
  return new URL(jwksUri);
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the token is signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return 'the token is malformed';
  return 'the token cannot be verified';
}

/** OIDC bearer tokens verified with jose against the issuer's JWKS, which it re-reads on key rotation. */
export function joseOidcVerifier(settings: OidcSettings): OidcVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    keys ??= createRemoteJWKSet(
      settings.jwksUrl === undefined ? await discoverJwksUrl(settings.issuer) : new URL(settings.jwksUrl),
      { cooldownDuration: settings.jwksCooldownMs, timeoutDuration: 10_000 },
    );
    return keys;
  };
  return {
    async verify(jwt: string): Promise<VerifiedIdentity> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(jwt, await keySet(), {
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: settings.clockSkewSeconds,
        }));
      } catch (error) {
        throw new AuthenticationError('INVALID_TOKEN', `OIDC: ${reason(error)}`);
      }
      const subject = payload[settings.subjectClaim];
      if (typeof subject !== 'string' || subject === '') {
        throw new AuthenticationError(
          'INVALID_TOKEN',
          `OIDC: the token has no '${settings.subjectClaim}' claim`,
        );
      }
      const groupsClaim = payload[settings.groupsClaim];
      const groups = Array.isArray(groupsClaim)
        ? groupsClaim.filter((g): g is string => typeof g === 'string')
        : [];
      return { subject, groups };
    },
  };
}
