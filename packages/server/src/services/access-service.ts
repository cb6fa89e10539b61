import {
  addressTrusted,
  ANONYMOUS,
  ROLES,
  tokenIsUsable,
  UNRESTRICTED,
  type AuthenticationMethod,
  type ApiToken,
  type Grant,
  type Principal,
  type Role,
} from '../domain/access-control.js';
import { AuthenticationError, InputError, NotFoundError, RateLimitError } from '../domain/errors.js';
import type { OidcVerifier } from '../ports/oidc-verifier.js';
import { FailureLimiter } from './failure-limiter.js';
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

/** What a request presents to prove who it is. */
export interface Credentials {
  readonly authorization?: string | undefined;
  /** The configured identity headers (`kubeflow-userid`, `kubeflow-groups`), when present. */
  readonly userHeader?: string | undefined;
  readonly groupsHeader?: string | undefined;
  /** The peer address of the connection (the gateway's, behind one). */
  readonly remoteAddress?: string | undefined;
}

export interface AuthenticationSettings {
  readonly modes: readonly AuthenticationMethod[];
  readonly trustedProxies: readonly string[];
  readonly oidc?: OidcVerifier | undefined;
  readonly failuresPerMinute: number;
}

export interface AccessServiceDeps {
  readonly store: MetadataStore;
  readonly clock: () => number;
  readonly secrets: Secrets;
  readonly authentication: AuthenticationSettings;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new InputError('INVALID_ROLE', `role must be one of ${ROLES.join(', ')}, got '${role}'`);
  }
  return role as Role;
}

/** API tokens and grants: who the caller is, and the admin operations that decide who may do what. */
export class AccessService {
  private readonly failures: FailureLimiter;

  constructor(private readonly deps: AccessServiceDeps) {
    this.failures = new FailureLimiter(deps.authentication.failuresPerMinute, 60_000, deps.clock);
  }

  /**
   * Who a request is: identity headers from a trusted proxy, an API token, or an OIDC token, as
   * the configured modes allow. Without credentials the caller has full rights in mode `none`,
   * and is anonymous otherwise. Failed attempts are counted per address; past the limit, 429.
   */
  async authenticate(credentials: Credentials): Promise<Principal> {
    const { modes, trustedProxies, oidc } = this.deps.authentication;
    const address = credentials.remoteAddress ?? 'unknown';
    const wait = this.failures.retryAfter(address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new RateLimitError(
        'TOO_MANY_FAILED_ATTEMPTS',
        `too many failed authentications from ${address}; try again in ${seconds} s`,
        seconds,
      );
    }
    try {
      if (modes.includes('header') && credentials.userHeader !== undefined) {
        if (!addressTrusted(credentials.remoteAddress, trustedProxies)) {
          throw new AuthenticationError(
            'UNTRUSTED_IDENTITY_HEADER',
            `identity headers are accepted only from the trusted proxies, not from ${address}`,
          );
        }
        return {
          subject: credentials.userHeader,
          groups: (credentials.groupsHeader ?? '')
            .split(',')
            .map((g) => g.trim())
            .filter((g) => g !== ''),
          method: 'header',
        };
      }
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '')?.[1];
      if (bearer !== undefined) {
        if (modes.includes('token') && bearer.startsWith('mrt_')) return await this.authenticateToken(bearer);
        if (modes.includes('oidc') && oidc !== undefined) {
          const { subject, groups } = await oidc.verify(bearer);
          return { subject, groups, method: 'oidc' };
        }
        if (!modes.includes('none')) {
          throw new AuthenticationError(
            'INVALID_TOKEN',
            'the bearer token is not of a kind this registry accepts',
          );
        }
      }
    } catch (error) {
      if (error instanceof AuthenticationError) this.failures.recordFailure(address);
      throw error;
    }
    return modes.includes('none') ? UNRESTRICTED : ANONYMOUS;
  }

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
      // The secret never enters the trail: only what the token is.
      await this.record(tx, actor, 'create', 'apiToken', info.id, { after: info });
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
      await this.record(tx, actor, 'revoke', 'apiToken', id, { name: found.token.name });
      const revoked = await tx.getToken(id);
      return revoked?.token ?? found.token;
    });
  }

  /** Grants a role to a user or group, globally (global admins) or on one model (its admins and owners). */
  createGrant(actor: Principal, input: NewGrantInput): Promise<Grant> {
    return this.admin(actor, input.registeredModelId, async (tx, now) => {
      if (input.registeredModelId !== undefined) await this.mustHaveModel(tx, input.registeredModelId);
      const grant = await tx.insertGrant({
        principalType: input.principalType,
        principal: input.principal,
        role: checkRole(input.role),
        registeredModelId: input.registeredModelId,
        createdBy: actor.subject,
        createTimeSinceEpoch: now,
      });
      await this.record(tx, actor, 'create', 'grant', grant.id, { after: grant });
      return grant;
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
      await this.record(tx, actor, 'delete', 'grant', id, { before: grant });
    });
  }

  /** Every change to tokens and grants is in the audit trail, in the same transaction. */
  private async record(
    tx: MetadataTransaction,
    actor: Principal & { requestId?: string | undefined },
    action: string,
    entityType: 'apiToken' | 'grant',
    id: number,
    detail: object,
  ): Promise<void> {
    await tx.appendAudit(
      {
        timeSinceEpoch: this.deps.clock(),
        actor: actor.subject,
        actorMethod: actor.method,
        action: `${action} ${entityType}`,
        outcome: 'success',
        entityType,
        entityId: String(id),
        requestId: actor.requestId,
        detail: JSON.stringify(detail),
      },
      this.deps.sha256,
    );
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
