import type { ApiToken, Grant } from '../domain/access-control.js';

export interface NewApiToken extends Omit<ApiToken, 'id'> {
  readonly secretHash: string;
}

/** Access context: API tokens and grants. */
export interface AccessRepository {
  insertToken(token: NewApiToken): Promise<ApiToken>;
  /** A token with the hash of its secret, for verifying a presented token. */
  getToken(id: number): Promise<{ token: ApiToken; secretHash: string } | undefined>;
  listTokens(): Promise<readonly ApiToken[]>;
  revokeToken(id: number, now: number): Promise<void>;
  insertGrant(grant: Omit<Grant, 'id'>): Promise<Grant>;
  /** The grants to this user or any of these groups. */
  grantsFor(subject: string, groups: readonly string[]): Promise<readonly Grant[]>;
  listGrants(registeredModelId?: number): Promise<readonly Grant[]>;
  getGrant(id: number): Promise<Grant | undefined>;
  deleteGrant(id: number): Promise<void>;
}
