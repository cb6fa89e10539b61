import { z } from 'zod';
import { ROLES } from '../../domain/access-control.js';
import { nonEmptyShortText, wireId } from './values.js';

export const NEW_TOKEN = z.strictObject({
  name: nonEmptyShortText,
  role: z.enum(ROLES),
  subject: nonEmptyShortText.optional(),
  registeredModelId: wireId.optional(),
  expiresInSeconds: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 24 * 3600)
    .optional(),
});

export const NEW_GRANT = z.strictObject({
  principalType: z.enum(['user', 'group']),
  principal: nonEmptyShortText,
  role: z.enum(ROLES),
  registeredModelId: wireId.optional(),
});

// Answers.

const role = z.enum(ROLES);

export const PRINCIPAL = z.object({
  subject: z.string(),
  groups: z.array(z.string()),
  method: z.enum(['none', 'anonymous', 'token', 'oidc', 'header']),
  roles: z.array(z.object({ role, registeredModelId: z.string().optional() })),
});

export const API_TOKEN = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  role,
  registeredModelId: z.string().optional(),
  createdBy: z.string(),
  createTimeSinceEpoch: z.string(),
  expireTimeSinceEpoch: z.string().optional(),
  revokeTimeSinceEpoch: z.string().optional(),
  state: z.enum(['ACTIVE', 'EXPIRED', 'REVOKED']),
});
export const API_TOKEN_LIST = z.object({ items: z.array(API_TOKEN), size: z.number().int() });
/** The secret is in this answer only. */
export const NEW_API_TOKEN = API_TOKEN.extend({ token: z.string() });

export const GRANT = z.object({
  id: z.string(),
  principalType: z.enum(['user', 'group']),
  principal: z.string(),
  role,
  registeredModelId: z.string().optional(),
  createdBy: z.string(),
  createTimeSinceEpoch: z.string(),
});
export const GRANT_LIST = z.object({ items: z.array(GRANT), size: z.number().int() });
