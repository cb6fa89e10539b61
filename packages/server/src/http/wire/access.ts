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
