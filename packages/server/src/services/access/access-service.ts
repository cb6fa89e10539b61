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
} from '../../domain/access-control.js';
import { AuthenticationError, InputError, NotFoundError } from '../../domain/errors.js';
import type { OidcVerifier } from '../../ports/oidc-verifier.js';
import type { AccessTx } from './access-tx.js';
import type { Secrets } from '../../ports/secrets.js';
import { Authorizer } from './authorizer.js';
import { authorizedTransaction, type Caller, type Transactions } from '../use-case.js';

/** Tokens look like `mrt_<id>_<secret>`: the id finds the row, the secret is checked against its hash. */
/** How precisely a token's last use is kept. */
const TOKEN_USE_GRANULARITY_MS = 3600 * 1000;
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
}

export interface AccessServiceDeps {
  readonly store: Transactions<AccessTx>;
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
  /** Principals of this process's requests whose token's last use is due to be recorded. */
  private readonly usesDue = new WeakMap<Principal, number>();

  constructor(private readonly deps: AccessServiceDeps) {}

  /**
   * Who a request is: identity headers from a trusted proxy, an API token, or an OIDC token, as
   * the configured modes allow. Without credentials the caller has full rights in mode `none`,
   * and is anonymous otherwise. A credential that is present but malformed, unknown or invalid
   * is refused (401), never taken as no credential at all.
   */
  async authenticate(credentials: Credentials): Promise<Principal> {
    const { modes, trustedProxies, oidc } = this.deps.authentication;
    // With mode `none` anyone has full rights: a credential only names who acts, when it is ours.
    const open = modes.includes('none');
    if (modes.includes('header') && credentials.userHeader !== undefined) {
      if (!addressTrusted(credentials.remoteAddress, trustedProxies)) {
        throw new AuthenticationError(
          'UNTRUSTED_IDENTITY_HEADER',
          `identity headers are accepted only from the trusted proxies, not from ${credentials.remoteAddress ?? 'an unknown address'}`,
        );
      }
      const subject = credentials.userHeader.trim();
      if (subject === '') {
        throw new AuthenticationError(
          'INVALID_IDENTITY_HEADER',
          'the identity header names no user (it is empty)',
        );
      }
      return {
        subject,
        groups: (credentials.groupsHeader ?? '')
          .split(',')
          .map((g) => g.trim())
          .filter((g) => g !== ''),
        method: 'header',
      };
    }
    const authorization = credentials.authorization;
    if (authorization === undefined) return open ? UNRESTRICTED : ANONYMOUS;
    const takesBearer = modes.includes('token') || modes.includes('oidc');
    if (open && !takesBearer) return UNRESTRICTED;
    const bearer = /^Bearer +([^\s]+) *$/i.exec(authorization)?.[1];
    if (bearer === undefined) {
      if (open) return UNRESTRICTED;
      throw new AuthenticationError(
        'MALFORMED_AUTHORIZATION',
        'the Authorization header must be "Bearer <token>" (one token, no other scheme)',
      );
    }
    if (modes.includes('token') && bearer.startsWith('mrt_')) return this.authenticateToken(bearer);
    if (modes.includes('oidc') && oidc !== undefined) {
      const { subject, groups } = await oidc.verify(bearer);
      return { subject, groups, method: 'oidc' };
    }
    if (open) return UNRESTRICTED;
    throw new AuthenticationError('INVALID_TOKEN', 'the bearer token is not of a kind this registry accepts');
  }

  /**
   * Records that the token behind `principal` was used, if that is due (see authenticateToken).
   * Called after a request succeeded: a refused request changes nothing, not even this.
   */
  async recordTokenUse(principal: Principal): Promise<void> {
    const tokenId = this.usesDue.get(principal);
    if (tokenId === undefined) return;
    this.usesDue.delete(principal);
    const now = this.deps.clock();
    await this.deps.store.transaction((tx) =>
      tx.integrity.recordTokenUse(tokenId, now, TOKEN_USE_GRANULARITY_MS),
    );
  }

  /**
   * Refuses, before the request's body is read, what its operation and path already decide: a
   * caller without a credential, one that holds the operation's permission nowhere, an entity in
   * the path it may not see or act on. The body's references are checked with the work itself.
   */
  async authorizeBeforeBody(caller: Caller): Promise<void> {
    const request = caller.request;
    if (request === undefined) return;
    await this.deps.store.transaction((tx) => new Authorizer(tx, caller).authorize(request, false));
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
    const principal: Principal = {
      subject: token.subject,
      groups: [],
      method: 'token',
      credentialRoles: [{ role: token.role, registeredModelId: token.registeredModelId }],
    };
    // For the report's unused tokens, kept to the hour: recorded once the request succeeded.
    const now = this.deps.clock();
    if (
      token.lastUseTimeSinceEpoch === undefined ||
      now - token.lastUseTimeSinceEpoch > TOKEN_USE_GRANULARITY_MS
    ) {
      this.usesDue.set(principal, token.id);
    }
    return principal;
  }

  /**
   * Creates a token; its secret is in the answer only, never stored. A token acts as its subject
   * everywhere that subject has rights: one for another subject is a global admin's to make.
   */
  createToken(actor: Caller, input: NewTokenInput): Promise<{ token: string; info: ApiToken }> {
    return this.admin(actor, input.registeredModelId, async (tx, now, auth) => {
      if (input.registeredModelId !== undefined) await this.mustHaveModel(tx, input.registeredModelId);
      const subject = input.subject ?? input.name;
      if (subject !== actor.subject) {
        await auth.require('admin', `create a token for another subject (${JSON.stringify(subject)})`);
      }
      if (input.expiresInSeconds !== undefined && !(input.expiresInSeconds > 0)) {
        throw new InputError('INVALID_FIELD', 'field expiresInSeconds: must be a positive number of seconds');
      }
      const secret = this.deps.secrets.newSecret();
      const info = await tx.insertToken({
        name: input.name,
        subject,
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

  listTokens(actor: Caller): Promise<readonly ApiToken[]> {
    return this.admin(actor, undefined, (tx) => tx.listTokens());
  }

  /** Revokes a token: a global admin any, a model's admins those limited to their model. */
  revokeToken(actor: Caller, id: number): Promise<ApiToken> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      const now = this.deps.clock();
      const found = await tx.getToken(id);
      if (found === undefined) throw new NotFoundError('API_TOKEN_NOT_FOUND', `no API token with id ${id}`);
      await this.requireAdmin(tx, auth, found.token.registeredModelId);
      await tx.revokeToken(id, now);
      await this.record(tx, actor, 'revoke', 'apiToken', id, { name: found.token.name });
      const revoked = await tx.getToken(id);
      return revoked?.token ?? found.token;
    });
  }

  /** Grants a role to a user or group, globally (global admins) or on one model (its admins and owners). */
  createGrant(actor: Caller, input: NewGrantInput): Promise<Grant> {
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

  listGrants(actor: Caller, registeredModelId?: number): Promise<readonly Grant[]> {
    return this.admin(actor, registeredModelId, (tx) => tx.listGrants(registeredModelId));
  }

  deleteGrant(actor: Caller, id: number): Promise<void> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      const grant = await tx.getGrant(id);
      if (grant === undefined) throw new NotFoundError('GRANT_NOT_FOUND', `no grant with id ${id}`);
      await this.requireAdmin(tx, auth, grant.registeredModelId);
      await tx.deleteGrant(id);
      await this.record(tx, actor, 'delete', 'grant', id, { before: grant });
    });
  }

  /** Every change to tokens and grants is in the audit trail, in the same transaction. */
  private async record(
    tx: AccessTx,
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
    actor: Caller,
    registeredModelId: number | undefined,
    work: (tx: AccessTx, now: number, auth: Authorizer) => Promise<T>,
  ): Promise<T> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      await this.requireAdmin(tx, auth, registeredModelId);
      return work(tx, this.deps.clock(), auth);
    });
  }

  private async requireAdmin(tx: AccessTx, auth: Authorizer, registeredModelId: number | undefined) {
    const model =
      registeredModelId === undefined ? undefined : await tx.get('registeredModel', registeredModelId);
    await auth.require(
      'admin',
      registeredModelId === undefined ? 'tokens and global grants' : 'the grants and tokens of this model',
      registeredModelId === undefined ? undefined : { id: registeredModelId, owner: model?.owner },
    );
  }

  private async mustHaveModel(tx: AccessTx, id: number) {
    if (!(await tx.exists('registeredModel', id))) {
      throw new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `no registered model with id ${id}`);
    }
  }
}
