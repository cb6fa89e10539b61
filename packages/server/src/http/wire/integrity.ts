import { z } from 'zod';
import { FINDING_KINDS, SEVERITIES } from '../../domain/review.js';
import { CORRUPT_FILE } from './files.js';

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

// Answers. The to-wire functions are typed by them: what the code writes is what the schema says.

export const VERIFICATION_RUN = z.object({
  id: z.string(),
  state: z.enum(['running', 'done']),
  scheduled: z.boolean(),
  createdBy: z.string(),
  createTime: z.string(),
  lastUpdateTime: z.string(),
  registeredModelId: z.string().optional(),
  modelVersionId: z.string().optional(),
  notVerifiedForDays: z.number().optional(),
  rateMBps: z.number().optional(),
  filesTotal: z.number().int(),
  bytesTotal: z.number().int(),
  filesDone: z.number().int(),
  bytesDone: z.number().int(),
  corruptFound: z.number().int(),
});

export const VERIFICATION_RUN_REPORT = z.object({
  run: VERIFICATION_RUN,
  corruptFiles: z.array(CORRUPT_FILE),
});
/** A run started, or the unfinished run of the same selection taken up again. */
export const VERIFICATION_RUN_START = VERIFICATION_RUN_REPORT.extend({ resumed: z.boolean() });
export const VERIFICATION_STEP = VERIFICATION_RUN_REPORT.extend({
  verifiedFiles: z.number().int(),
  verifiedBytes: z.number().int(),
  found: z.array(CORRUPT_FILE),
});

export const REGISTRY_REPORT = z.object({
  generatedAt: z.string(),
  thresholds: z.object({
    staleModelDays: z.number().int(),
    stagingDays: z.number().int(),
    verifyDays: z.number().int(),
    tokenUnusedDays: z.number().int(),
  }),
  findings: z.array(
    z.object({
      kind: z.enum(FINDING_KINDS),
      severity: z.enum(SEVERITIES),
      entity: z.object({ type: z.string(), id: z.string(), name: z.string() }),
      why: z.string(),
      fix: z.string(),
    }),
  ),
});
