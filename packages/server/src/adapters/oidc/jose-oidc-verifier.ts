import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthenticationError, UnavailableError } from '../../domain/errors.js';
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
  /** The JWS algorithms a token may be signed with; anything else is refused before its key is looked up. */
  readonly algorithms: readonly string[];
  /** Epoch milliseconds: token expiry and the discovery back-off are judged by it. */
  readonly clock?: () => number;
}

/** After a failed discovery, the next attempt waits 1 s, then 2 s, 4 s … up to this. */
const MAX_DISCOVERY_BACKOFF_MS = 5 * 60_000;

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
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === 'missing'
      ? `the token has no ${error.claim} claim`
      : `the token's ${error.claim} claim is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm this registry does not accept';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the token is signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return 'the token is malformed';
  return 'the token cannot be verified';
}

/**
 * OIDC bearer tokens verified with jose against the issuer's JWKS, which it re-reads on key
 * rotation. A token must carry `exp` and be signed with an allowed algorithm. When the issuer
 * cannot be reached the answer is 503 (not a failed authentication, which would count against
 * the client), and a failed discovery is not tried again before its back-off has passed.
 */
export function joseOidcVerifier(settings: OidcSettings): OidcVerifier {
  const clock = settings.clock ?? (() => Date.now());
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  let failures = 0;
  let retryAt = 0;
  let lastProblem = '';
  const unavailable = (detail: string) => {
    const seconds = Math.max(1, Math.ceil((retryAt - clock()) / 1000));
    return new UnavailableError(
      'IDENTITY_PROVIDER_UNAVAILABLE',
      `OIDC: the issuer cannot be reached (${detail}); the next attempt is in ${seconds} s`,
      seconds,
    );
  };
  const keySet = async () => {
    if (keys !== undefined) return keys;
    if (settings.jwksUrl !== undefined) {
      keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
        cooldownDuration: settings.jwksCooldownMs,
        timeoutDuration: 10_000,
      });
      return keys;
    }
    if (clock() < retryAt) throw unavailable(lastProblem);
    try {
      const url = await discoverJwksUrl(settings.issuer);
      keys = createRemoteJWKSet(url, { cooldownDuration: settings.jwksCooldownMs, timeoutDuration: 10_000 });
      failures = 0;
      return keys;
    } catch (error) {
      failures += 1;
      retryAt = clock() + Math.min(MAX_DISCOVERY_BACKOFF_MS, 1000 * 2 ** (failures - 1));
      lastProblem = error instanceof Error ? error.message : String(error);
      throw unavailable(lastProblem);
    }
  };
  return {
    async verify(jwt: string): Promise<VerifiedIdentity> {
      const jwks = await keySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(jwt, jwks, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: [...settings.algorithms],
          requiredClaims: ['exp'],
          clockTolerance: settings.clockSkewSeconds,
          currentDate: new Date(clock()),
        }));
      } catch (error) {
        // The key set could not be fetched: the issuer's trouble, not the caller's.
        if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
          retryAt = clock() + 1000;
          throw unavailable(error instanceof Error ? error.message : String(error));
        }
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
