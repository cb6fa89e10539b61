import {
  ROLES,
  tokenIsUsable,
  type ApiToken,
  type Grant,
  type Principal,
  type Role,
} from '../domain/access-control.js';
import { AuthenticationError, InputError, NotFoundError } from '../domain/errors.js';
import type { MetadataStore, MetadataTransaction } from '../ports/metadata-store.js';
import type { Secrets } from '../ports/secrets.js';
import { Authorizer } from './authorizer.js';

/** Tokens look like `mrt_<id>_<secret>`: the id finds the row, the secret is checked against its hash. */
const TOKEN_PATTERN = /^mrt_([1-9][0-9]{0,9})_([A-Za-z0-9_-]{20,100})$/;

export interface NewTokenInput {
  readonly name: string;
  readonly role: Role;
  /** The identity the token acts as; the token's name by default. */
  readonly subject?: string | undefined;
  /** Limits the role to one registered model. */
  readonly registeredModelId?: number | undefined;
  readonly expiresInSeconds?: number | undefined;
}

export interface NewGrantInput {
  readonly principalType: 'user' | 'group';
  readonly principal: string;
  readonly role: Role;
  readonly registeredModelId?: number | undefined;
}

export interface AccessServiceDeps {
  readonly store: MetadataStore;
  readonly clock: () => number;
  readonly secrets: Secrets;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new InputError('INVALID_ROLE', `role must be one of ${ROLES.join(', ')}, got '${role}'`);
  }
  return role as Role;
}

/** API tokens and grants: who the caller is, and the admin operations that decide who may do what. */
export class AccessService {
  constructor(private readonly deps: AccessServiceDeps) {}

  /**
   * The principal a presented bearer token stands for. Every call reads the token row, so a
   * revocation or expiry holds at once on every replica.
   */
  async authenticateToken(presented: string): Promise<Principal> {
    const invalid = () =>
      new AuthenticationError('INVALID_TOKEN', 'the bearer token is unknown, expired or revoked');
    const match = TOKEN_PATTERN.exec(presented);
    if (match === null) throw invalid();
    const found = await this.deps.store.transaction((tx) => tx.getToken(Number(match[1])));
    // Compare even when the id is unknown, so the answer takes as long either way.
    const matches = this.deps.secrets.matches(match[2] ?? '', found?.secretHash ?? '0'.repeat(64));
    if (found === undefined || !matches || !tokenIsUsable(found.token, this.deps.clock())) throw invalid();
    const { token } = found;
    return {
      subject: token.subject,
      groups: [],
      method: 'token',
      credentialRoles: [{ role: token.role, registeredModelId: token.registeredModelId }],
    };
  }

  /** Creates a token; its secret is in the answer only, never stored. */
  createToken(actor: Principal, input: NewTokenInput): Promise<{ token: string; info: ApiToken }> {
    return this.admin(actor, input.registeredModelId, async (tx, now) => {
      if (input.registeredModelId !== undefined) await this.mustHaveModel(tx, input.registeredModelId);
      if (input.expiresInSeconds !== undefined && !(input.expiresInSeconds > 0)) {
        throw new InputError('INVALID_FIELD', 'field expiresInSeconds: must be a positive number of seconds');
      }
      const secret = this.deps.secrets.newSecret();
      const info = await tx.insertToken({
        name: input.name,
        subject: input.subject ?? input.name,
        role: checkRole(input.role),
        registeredModelId: input.registeredModelId,
        createdBy: actor.subject,
        createTimeSinceEpoch: now,
        expireTimeSinceEpoch:
          input.expiresInSeconds === undefined ? undefined : now + Math.round(input.expiresInSeconds * 1000),
        secretHash: this.deps.secrets.hash(secret),
      });
      return { token: `mrt_${info.id}_${secret}`, info };
    });
  }

  listTokens(actor: Principal): Promise<readonly ApiToken[]> {
    return this.admin(actor, undefined, (tx) => tx.listTokens());
  }

  revokeToken(actor: Principal, id: number): Promise<ApiToken> {
    return this.admin(actor, undefined, async (tx, now) => {
      const found = await tx.getToken(id);
      if (found === undefined) throw new NotFoundError('API_TOKEN_NOT_FOUND', `no API token with id ${id}`);
      await tx.revokeToken(id, now);
      const revoked = await tx.getToken(id);
      return revoked?.token ?? found.token;
    });
  }

  /** Grants a role to a user or group, globally (global admins) or on one model (its admins and owners). */
  createGrant(actor: Principal, input: NewGrantInput): Promise<Grant> {
    return this.admin(actor, input.registeredModelId, async (tx, now) => {
      if (input.registeredModelId !== undefined) await this.mustHaveModel(tx, input.registeredModelId);
      return tx.insertGrant({
        principalType: input.principalType,
        principal: input.principal,
        role: checkRole(input.role),
        registeredModelId: input.registeredModelId,
        createdBy: actor.subject,
        createTimeSinceEpoch: now,
      });
    });
  }

  listGrants(actor: Principal, registeredModelId?: number): Promise<readonly Grant[]> {
    return this.admin(actor, registeredModelId, (tx) => tx.listGrants(registeredModelId));
  }

  deleteGrant(actor: Principal, id: number): Promise<void> {
    return this.deps.store.transaction(async (tx) => {
      const grant = await tx.getGrant(id);
      if (grant === undefined) throw new NotFoundError('GRANT_NOT_FOUND', `no grant with id ${id}`);
      await this.requireAdmin(tx, actor, grant.registeredModelId);
      await tx.deleteGrant(id);
    });
  }

  private admin<T>(
    actor: Principal,
    registeredModelId: number | undefined,
    work: (tx: MetadataTransaction, now: number) => Promise<T>,
  ): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      await this.requireAdmin(tx, actor, registeredModelId);
      return work(tx, this.deps.clock());
    });
  }

  private async requireAdmin(
    tx: MetadataTransaction,
    actor: Principal,
    registeredModelId: number | undefined,
  ) {
    const model =
      registeredModelId === undefined ? undefined : await tx.get('registeredModel', registeredModelId);
    await new Authorizer(tx, actor).require(
      'admin',
      registeredModelId === undefined ? 'tokens and global grants' : 'grants of this model',
      registeredModelId === undefined ? undefined : { id: registeredModelId, owner: model?.owner },
    );
  }

  private async mustHaveModel(tx: MetadataTransaction, id: number) {
    if (!(await tx.exists('registeredModel', id))) {
      throw new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `no registered model with id ${id}`);
    }
  }
}
