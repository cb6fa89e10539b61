/** Making and checking API token secrets; only a hash of a secret is ever stored. */
export interface Secrets {
  /** A new random secret, URL-safe. */
  newSecret(): string;
  /** The hash stored for a secret. */
  hash(secret: string): string;
  /** Whether a presented secret has the stored hash, compared in constant time. */
  matches(secret: string, storedHash: string): boolean;
}
