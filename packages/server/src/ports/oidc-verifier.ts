/** The identity an OIDC bearer token (a JWT) proves. */
export interface VerifiedIdentity {
  readonly subject: string;
  readonly groups: readonly string[];
}

/** Verifies JWTs against an issuer's keys; rejects with an AuthenticationError saying why. */
export interface OidcVerifier {
  verify(jwt: string): Promise<VerifiedIdentity>;
}
