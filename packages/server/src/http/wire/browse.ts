import { z } from 'zod';
import { STAGES } from '../../domain/lifecycle.js';
import { REGISTERED_MODEL_ANSWER } from './entity-answers.js';
import { APPROVAL_ITEM, POLICY } from './lifecycle.js';

// Wire shapes of the browsing reads (their operations take no body).

/**
 * The orderings `GET model_summaries` offers (its orderBy parameter): the model's own columns,
 * and what the store keeps on its row about its versions (docs/adr/0024-models-list-sorts.md).
 */
export const MODEL_SUMMARY_ORDER = z.enum([
  'ID',
  'NAME',
  'CREATE_TIME',
  'LAST_UPDATE_TIME',
  'LATEST_VERSION',
  'PRODUCTION_VERSION',
  'STAGE',
  'OWNER',
]);

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

/** A version as a summary names it. */
export const VERSION_HEAD = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.enum(STAGES),
  createTimeSinceEpoch: z.string(),
});

const count = z.number().int();

export const MODEL_SUMMARY = z.object({
  registeredModel: REGISTERED_MODEL_ANSWER,
  latestVersion: VERSION_HEAD.optional(),
  productionVersion: VERSION_HEAD.optional(),
  stageCounts: z.object({
    Development: count.optional(),
    Staging: count.optional(),
    Production: count.optional(),
    Archived: count.optional(),
  }),
  versionCount: count,
  permissions: z.array(permission),
});

export const MODEL_SUMMARY_LIST = z.object({
  items: z.array(MODEL_SUMMARY),
  size: count,
  pageSize: count,
  nextPageToken: z.string(),
});
