/**
 * Who may do what. Pure rules: the services ask `permissionsOn`, the stores persist grants and tokens.
 */
export const ROLES = ['viewer', 'editor', 'promoter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * read: see; write: register and update models, versions, files, lineage, experiments and
 * deployments; promote: stage transitions and alias moves; admin: tokens, grants, delete, GC.
 */
export type Permission = 'read' | 'write' | 'promote' | 'admin';

const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
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
}

export function tokenIsUsable(token: ApiToken, now: number): boolean {
  return (
    token.revokeTimeSinceEpoch === undefined &&
    (token.expireTimeSinceEpoch === undefined || token.expireTimeSinceEpoch > now)
  );
}

/** Whether an address is one of the trusted proxies: an exact address, or in an IPv4 CIDR. */
export function addressTrusted(address: string | undefined, trusted: readonly string[]): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return trusted.some((entry) => {
    const [network, bits] = entry.split('/');
    if (bits === undefined) return entry === plain || entry === address;
    const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(plain) || network === undefined) return false;
    const size = 32 - Number(bits);
    return Math.floor(toInt(plain) / 2 ** size) === Math.floor(toInt(network) / 2 ** size);
  });
}
