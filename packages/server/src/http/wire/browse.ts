import { z } from 'zod';
import { STAGES } from '../../domain/lifecycle.js';
import { APPROVAL_ITEM, POLICY } from './lifecycle.js';

// Wire shapes of the browsing reads (answers only: their operations take no body).

const permission = z.enum(['read', 'write', 'promote', 'admin']);

export const SEARCH_SUGGESTIONS = z.object({
  source: z.string(),
  prefix: z.string(),
  names: z.array(z.string()),
});

export const CALLER_PERMISSIONS = z.object({
  global: z.array(permission),
  model: z.array(permission).optional(),
});

export const CONDITION_CHECK = z.object({
  condition: POLICY.shape.conditions.element,
  met: z.boolean(),
  description: z.string(),
});

export const STAGE_OPTIONS = z.object({
  modelVersionId: z.string(),
  stage: z.enum(STAGES),
  options: z.array(
    z.object({
      stage: z.enum(STAGES),
      allowed: z.boolean(),
      conditions: z.array(CONDITION_CHECK),
      ready: z.boolean(),
      approvals: z.array(APPROVAL_ITEM),
    }),
  ),
});
