import { z } from 'zod';

export const NEW_RUN = z.strictObject({
  registeredModelId: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'an id is 1 to 9 digits')
    .optional(),
  modelVersionId: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'an id is 1 to 9 digits')
    .optional(),
  notVerifiedForDays: z.number().min(0).max(36_500).optional(),
  rateMBps: z.number().positive().max(1_000_000).optional(),
  restart: z.boolean().optional(),
});
