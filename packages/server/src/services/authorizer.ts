import {
  ANONYMOUS,
  modelsWith,
  permissionsOn,
  type Grant,
  type Permission,
  type Principal,
} from '../domain/access-control.js';
import { AuthenticationError, PermissionError } from '../domain/errors.js';
import type { MetadataTransaction, ModelVisibility } from '../ports/metadata-store.js';

export interface ModelRef {
  readonly id: number;
  readonly owner?: string | undefined;
}

/** Decides, inside a request's transaction, whether its principal may act. */
export class Authorizer {
  private grants: readonly Grant[] | undefined;

  constructor(
    private readonly tx: MetadataTransaction,
    readonly actor: Principal,
  ) {}

  /** Throws 401 for a caller who did not authenticate, 403 for one who lacks the permission. */
  /**
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
    model = resolved;
    if (this.actor.method === 'anonymous') {
      throw new AuthenticationError(
        'AUTHENTICATION_REQUIRED',
        'this registry requires authentication: send a bearer token (Authorization: Bearer …)',
      );
    }
    throw new PermissionError(
      'PERMISSION_DENIED',
      `${this.actor.subject} may not ${VERB[permission]} ${what}${model === undefined ? '' : ` (registered model ${model.id})`}`,
    );
  }

  async has(permission: Permission, model?: ModelRef): Promise<boolean> {
    return (await this.permissions(model)).has(permission);
  }

  /** Undefined when the caller may read everything; else what its lists are restricted to. */
  async visibility(): Promise<ModelVisibility | undefined> {
    if (await this.has('read')) return undefined;
    if (this.actor.method === 'anonymous') await this.require('read', 'this registry');
    return {
      modelIds: modelsWith('read', this.actor, await this.loadGrants()),
      owner: this.actor === ANONYMOUS ? undefined : this.actor.subject,
    };
  }

  private async permissions(model?: ModelRef): Promise<Set<Permission>> {
    return permissionsOn(this.actor, await this.loadGrants(), model);
  }

  private async loadGrants(): Promise<readonly Grant[]> {
    // A global admin credential (authentication off, or an admin token) needs no lookup.
    if (this.actor.credentialRoles?.some((r) => r.role === 'admin' && r.registeredModelId === undefined))
      return [];
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
