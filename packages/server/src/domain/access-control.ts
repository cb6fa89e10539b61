import { addressIn } from './ip-address.js';

/**
 * Who may do what. Pure rules: the services ask `permissionsOn`, the stores persist grants and
 * tokens; which permission each operation needs is in permissions.ts. docs/security.md states
 * the same roles in prose (a test keeps its table in step with ROLE_PERMISSIONS).
 */
export const ROLES = ['viewer', 'editor', 'promoter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * read: see. write: register and change models, versions, artifacts, files, lineage,
 * experiments and runs, and the Kubeflow serving records (serving environments, inference
 * services, serve models) that a serving controller writes. promote: stage transitions
 * (including archiving and restoring a version through its Kubeflow `state`), approvals, alias
 * moves, and recording deployments and undeployments. admin: deletes, owners, promotion
 * policies, grants, tokens, garbage collection and the audit trail.
 */
export type Permission = 'read' | 'write' | 'promote' | 'admin';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  editor: ['read', 'write'],
  promoter: ['read', 'promote'],
  admin: ['read', 'write', 'promote', 'admin'],
};

/** How the identity was established; also the authentication modes a server can turn on. */
export type AuthenticationMethod = 'none' | 'token' | 'oidc' | 'header';
export const AUTHENTICATION_METHODS: readonly AuthenticationMethod[] = ['none', 'token', 'oidc', 'header'];

/** The caller of a request. */
export interface Principal {
  /** User (or token subject) name; 'anonymous' when nobody authenticated. */
  readonly subject: string;
  readonly groups: readonly string[];
  readonly method: AuthenticationMethod | 'anonymous';
  /** Roles that come with the credential itself (an API token's role), besides stored grants. */
  readonly credentialRoles?: readonly {
    readonly role: Role;
    readonly registeredModelId?: number | undefined;
  }[];
}

/** With authentication off (`none`), every request acts with full rights. */
export const UNRESTRICTED: Principal = Object.freeze<Principal>({
  subject: 'anonymous',
  groups: [],
  method: 'none',
  credentialRoles: [{ role: 'admin' }],
});

/** Authentication is on and the request carried no credential. */
export const ANONYMOUS: Principal = Object.freeze<Principal>({
  subject: 'anonymous',
  groups: [],
  method: 'anonymous',
});

export interface Grant {
  readonly id: number;
  readonly principalType: 'user' | 'group';
  readonly principal: string;
  readonly role: Role;
  /** Absent: the grant holds for every registered model (and for what belongs to no model). */
  readonly registeredModelId?: number | undefined;
  readonly createdBy: string;
  readonly createTimeSinceEpoch: number;
}

export function grantApplies(grant: Grant, principal: Principal): boolean {
  return grant.principalType === 'user'
    ? grant.principal === principal.subject
    : principal.groups.includes(grant.principal);
}

/**
 * The permissions of a principal, globally (`modelId` undefined) or on one registered model:
 * global roles hold everywhere, model roles on their model, and a model's owner administers it.
 */
export function permissionsOn(
  principal: Principal,
  grants: readonly Grant[],
  model?: { readonly id: number; readonly owner?: string | undefined },
): Set<Permission> {
  const permissions = new Set<Permission>();
  const add = (role: Role) => ROLE_PERMISSIONS[role].forEach((p) => permissions.add(p));
  for (const { role, registeredModelId } of principal.credentialRoles ?? []) {
    if (registeredModelId === undefined || registeredModelId === model?.id) add(role);
  }
  for (const grant of grants) {
    if (!grantApplies(grant, principal)) continue;
    if (grant.registeredModelId === undefined || grant.registeredModelId === model?.id) add(grant.role);
  }
  if (model?.owner !== undefined && principal.method !== 'anonymous' && model.owner === principal.subject) {
    add('admin');
  }
  return permissions;
}

/** The registered models on which the principal holds `permission` through a model-scoped role. */
export function modelsWith(permission: Permission, principal: Principal, grants: readonly Grant[]): number[] {
  const ids = new Set<number>();
  for (const { role, registeredModelId } of principal.credentialRoles ?? []) {
    if (registeredModelId !== undefined && ROLE_PERMISSIONS[role].includes(permission))
      ids.add(registeredModelId);
  }
  for (const grant of grants) {
    if (grant.registeredModelId !== undefined && grantApplies(grant, principal)) {
      if (ROLE_PERMISSIONS[grant.role].includes(permission)) ids.add(grant.registeredModelId);
    }
  }
  return [...ids];
}

export interface ApiToken {
  readonly id: number;
  readonly name: string;
  /** The identity requests made with the token act as. */
  readonly subject: string;
  readonly role: Role;
  readonly registeredModelId?: number | undefined;
  readonly createdBy: string;
  readonly createTimeSinceEpoch: number;
  readonly expireTimeSinceEpoch?: number | undefined;
  readonly revokeTimeSinceEpoch?: number | undefined;
  /** When a request last authenticated with it (kept to the hour); undefined: never. */
  readonly lastUseTimeSinceEpoch?: number | undefined;
}

export function tokenIsUsable(token: ApiToken, now: number): boolean {
  return (
    token.revokeTimeSinceEpoch === undefined &&
    (token.expireTimeSinceEpoch === undefined || token.expireTimeSinceEpoch > now)
  );
}

/** Whether an address is one of the trusted proxies: an address or a CIDR block, IPv4 or IPv6. */
export function addressTrusted(address: string | undefined, trusted: readonly string[]): boolean {
  return addressIn(address, trusted);
}
