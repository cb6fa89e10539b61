import { z } from 'zod';

// Wire shapes of the audit trail (answers only: its operations take no body).

export const AUDIT_EVENT = z.object({
  id: z.string(),
  timeSinceEpoch: z.string(),
  actor: z.string(),
  actorMethod: z.string(),
  action: z.string(),
  outcome: z.enum(['success', 'denied']),
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  requestId: z.string().optional(),
  /** JSON: why it was denied, or the change. */
  detail: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const AUDIT_EVENT_LIST = z.object({
  items: z.array(AUDIT_EVENT),
  size: z.number().int(),
  nextPageToken: z.string(),
});

export const AUDIT_CHAIN_CHECK = z.object({
  valid: z.boolean(),
  events: z.number().int(),
  firstBrokenId: z.number().int().optional(),
});
