import {
  ANONYMOUS,
  modelsWith,
  permissionsOn,
  type Grant,
  type Permission,
  type Principal,
} from '../../domain/access-control.js';
import { AuthenticationError, ConflictError, NotFoundError, PermissionError } from '../../domain/errors.js';
import {
  elevatedValue,
  referencesOf,
  ruleOf,
  type AccessRequest,
  type Elevation,
} from '../../domain/permissions.js';
import type { AccessRepository } from '../../ports/access-repository.js';
import type { ModelLock, ModelVisibility } from '../../ports/catalog-repository.js';
import {
  REGISTRY,
  ScopeResolver,
  type ModelRef,
  type ScopeRepositories,
  type Target,
} from './scope-resolver.js';

export type { ModelRef } from './scope-resolver.js';

/** What authorizing a request reads: its scope, the caller's grants, and the model's lock. */
export type AuthorizerRepositories = ScopeRepositories & Pick<AccessRepository, 'grantsFor'> & ModelLock;

/** What a caller needs on one target. */
interface Need {
  readonly target: Target;
  readonly permission: Permission;
}

export function authenticationRequired(): AuthenticationError {
  return new AuthenticationError(
    'AUTHENTICATION_REQUIRED',
    'this registry requires authentication: send a bearer token (Authorization: Bearer …)',
  );
}

/**
 * Decides, inside a request's transaction, whether its principal may act. `authorize` applies
 * the permission table (domain/permissions.ts) to a request: the one decision every route goes
 * through. `require` is what a use case checks on its own besides (defence in depth).
 */
export class Authorizer {
  private grants: readonly Grant[] | undefined;
  private ownsAny: boolean | undefined;
  private resolver: ScopeResolver;

  constructor(
    private readonly tx: AuthorizerRepositories,
    readonly actor: Principal,
  ) {
    this.resolver = new ScopeResolver(tx);
  }

  /**
   * Applies the table's rule of the request's operation. In order: a caller without a
   * credential is refused (401); one that holds the operation's permission nowhere is refused
   * (403) before anything is read; every entity the request names is read, and one the caller
   * may not read answers exactly as an absent one does (404); then the operation's permission
   * (and whatever a changed field asks for more) is needed on each (403, naming what the caller
   * can see). Without `withBody`, what only the body names is left for the second pass, once
   * it is read: the first pass refuses what it can before a byte of the body is read. A change
   * is decided under the locks of the models it changes (docs/adr/0015-one-lock-per-model.md).
   */
  async authorize(request: AccessRequest, withBody: boolean): Promise<void> {
    const rule = ruleOf(request.operation);
    if (rule.action === 'public') return;
    if (this.actor.method === 'anonymous') throw authenticationRequired();
    if (rule.action === 'authenticated' || this.globalAdminCredential()) return;
    const action = rule.action;
    // Whoever holds the permission (and read) on the whole registry needs nothing looked up,
    // unless a changed field may ask for more.
    const global = await this.permissions(undefined);
    if (global.has(action) && global.has('read') && (rule.elevations ?? []).length === 0) return;
    if (rule.filtered !== true && !(await this.holdsAnywhere(action))) {
      const named = await this.readableTarget(request);
      throw new PermissionError(
        'PERMISSION_DENIED',
        named === undefined
          ? `${this.actor.subject} holds no role that may ${VERB[action]} anything in this registry`
          : `${this.actor.subject} may not ${VERB[action]} ${named.label}`,
      );
    }
    let needs = await this.needs(request, withBody);
    // A change is decided under the lock of every model it changes (docs/adr/0015): taken in id
    // order, then what the decision rests on is read again. What moved to another model meanwhile
    // is a conflict to retry.
    const changed = (list: readonly Need[]) =>
      [
        ...new Set(
          list.filter((n) => n.permission !== 'read').flatMap((n) => n.target.models.map((m) => m.id)),
        ),
      ].sort((a, b) => a - b);
    const locked = withBody && action !== 'read' ? changed(needs) : [];
    if (locked.length > 0) {
      for (const id of locked) {
        if (!(await this.tx.lockModel(id))) {
          throw new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `no registered model with id ${id}`);
        }
      }
      // Grants and owners too: a grant on a locked model changes under its lock.
      this.resolver = new ScopeResolver(this.tx);
      this.grants = undefined;
      needs = await this.needs(request, withBody);
      if (changed(needs).some((id) => !locked.includes(id))) {
        throw new ConflictError(
          'REGISTERED_MODEL_REFERENCE_CONFLICT',
          'what the request names moved to another registered model meanwhile; retry',
        );
      }
    }
    for (const { target, permission } of needs) {
      if (!(await this.holds(permission, target))) {
        throw new PermissionError(
          'PERMISSION_DENIED',
          `${this.actor.subject} may not ${VERB[permission]} ${target.label}`,
        );
      }
    }
  }

  /** What the request needs, on what: every entity it names read (404 for what the caller may not read). */
  private async needs(request: AccessRequest, withBody: boolean): Promise<Need[]> {
    const rule = ruleOf(request.operation);
    const action = rule.action as Permission;
    const needs: Need[] = [];
    const bySource = new Map<number, Target>();
    for (const reference of referencesOf(rule, request, withBody)) {
      const target = await this.resolver.resolve(reference);
      if (target === undefined) continue;
      if (!(await this.holds('read', target))) {
        // A name the caller may not read names nothing it knows of: as if it were free.
        if (reference.byName) continue;
        throw target.notFound();
      }
      needs.push({ target, permission: reference.needs });
      if (!bySource.has(reference.source)) bySource.set(reference.source, target);
    }
    // An operation that names nothing it acts on (only what it reads) acts on the registry.
    const scope = rule.scope ?? [];
    const actsOnSomething = scope.some((source, index) => source.needs === undefined && bySource.has(index));
    const bodyPending = !withBody && scope.some((source) => source.in === 'body');
    if (!actsOnSomething && rule.filtered !== true && !bodyPending) {
      needs.push({ target: REGISTRY, permission: action });
    }
    if (withBody) {
      for (const elevation of rule.elevations ?? []) {
        needs.push(...(await this.elevated(elevation, request.body, bySource.get(0))));
      }
    }
    return needs;
  }

  /** The first entity the request's path names, if the caller may read it (to name it in a refusal). */
  private async readableTarget(request: AccessRequest): Promise<Target | undefined> {
    const [first] = referencesOf(ruleOf(request.operation), request, false);
    if (first === undefined) return undefined;
    try {
      const target = await this.resolver.resolve(first);
      return target !== undefined && (await this.holds('read', target)) ? target : undefined;
    } catch {
      return undefined;
    }
  }

  /** What a changed field needs: on the entity acted on (the registry when it is new), and on a move's target. */
  private async elevated(elevation: Elevation, body: unknown, acted: Target | undefined): Promise<Need[]> {
    const value = elevatedValue(elevation, body);
    if (value === undefined) return [];
    const current =
      elevation.baseline === 'caller' || acted === undefined
        ? this.actor.subject
        : String(acted.fields[elevation.field] ?? '');
    if (value === current) return [];
    const needs: Need[] = [
      {
        target: elevation.onRegistry === true || acted === undefined ? REGISTRY : acted,
        permission: elevation.needs,
      },
    ];
    if (elevation.target === 'registeredModel') {
      const target = await this.resolver.resolve({
        kind: 'registeredModel',
        value,
        byName: false,
        needs: elevation.needs,
        source: -1,
      });
      if (target !== undefined) {
        if (!(await this.holds('read', target))) throw target.notFound();
        needs.push({ target, permission: elevation.needs });
      }
    }
    return needs;
  }

  /** Whether the caller holds the permission on every model of the target (globally, for the registry). */
  async holds(permission: Permission, target: Target): Promise<boolean> {
    if ((await this.permissions(undefined)).has(permission)) return true;
    if (target.models.length === 0) return false;
    if (permission !== 'read' && target.alsoRegistry === true) return false;
    for (const model of target.models) {
      if (!(await this.permissions(model)).has(permission)) return false;
    }
    return true;
  }

  /** Whether the caller holds the permission anywhere: globally, through a model role, or as an owner. */
  private async holdsAnywhere(permission: Permission): Promise<boolean> {
    if ((await this.permissions(undefined)).has(permission)) return true;
    if (modelsWith(permission, this.actor, await this.loadGrants()).length > 0) return true;
    this.ownsAny ??=
      this.actor.method !== 'anonymous' &&
      (await this.tx.findAll('registeredModel', { owner: this.actor.subject }, 1)).length > 0;
    return this.ownsAny;
  }

  /**
   * Throws 401 for a caller who did not authenticate, 403 for one who lacks the permission.
   * `model` may be a function: it is only called (and its queries run) when the caller's global
   * roles do not already allow the operation, so the common case costs no lookup.
   */
  async require(
    permission: Permission,
    what: string,
    model?: ModelRef | (() => Promise<ModelRef | undefined>),
  ): Promise<void> {
    if ((await this.permissions(undefined)).has(permission)) return;
    const resolved = typeof model === 'function' ? await model() : model;
    if (resolved !== undefined && (await this.permissions(resolved)).has(permission)) return;
    if (this.actor.method === 'anonymous') throw authenticationRequired();
    throw new PermissionError(
      'PERMISSION_DENIED',
      `${this.actor.subject} may not ${VERB[permission]} ${what}`,
    );
  }

  async has(permission: Permission, model?: ModelRef): Promise<boolean> {
    return (await this.permissions(model)).has(permission);
  }

  /** Undefined when the caller may read everything; else what its lists are restricted to. */
  async visibility(): Promise<ModelVisibility | undefined> {
    if (await this.has('read')) return undefined;
    if (this.actor.method === 'anonymous') throw authenticationRequired();
    return {
      modelIds: modelsWith('read', this.actor, await this.loadGrants()),
      owner: this.actor === ANONYMOUS ? undefined : this.actor.subject,
    };
  }

  private async permissions(model?: ModelRef): Promise<Set<Permission>> {
    return permissionsOn(this.actor, await this.loadGrants(), model);
  }

  /** Authentication off, or a global admin token: every operation is allowed, nothing to look up. */
  private globalAdminCredential(): boolean {
    return (this.actor.credentialRoles ?? []).some(
      (r) => r.role === 'admin' && r.registeredModelId === undefined,
    );
  }

  private async loadGrants(): Promise<readonly Grant[]> {
    // A global admin credential needs no lookup; a caller without a credential has no grants (a
    // grant to a user named "anonymous" is not one to everyone).
    if (this.actor.method === 'anonymous' || this.globalAdminCredential()) return [];
    this.grants ??= await this.tx.grantsFor(this.actor.subject, this.actor.groups);
    return this.grants;
  }
}

const VERB: Readonly<Record<Permission, string>> = {
  read: 'read',
  write: 'change',
  promote: 'promote',
  admin: 'administer',
};
