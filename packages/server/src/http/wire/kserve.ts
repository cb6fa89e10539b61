import { z } from 'zod';
import { DEPLOYMENT_MODES } from '../../domain/kserve/canary.js';
import { DRIFT_KINDS } from '../../domain/kserve/drift.js';
import type { SyncReport } from '../../services/lifecycle/index.js';
import { STORAGE_MODES } from '../../domain/kserve/storage-uri.js';
import { DEPLOYMENT_EVENT } from './lifecycle.js';
import { longText, nonEmptyShortText, wireId } from './values.js';

const quantities = z.record(z.string().min(1).max(253), z.string().min(1).max(64));
const kubeName = z.string().min(1).max(253);

const percent = z
  .string()
  .regex(/^[0-9]{1,3}$/, { message: 'must be a whole percent' })
  .transform(Number);

export const PLAN = z.strictObject({
  modelVersionId: wireId.optional(),
  namespace: kubeName,
  name: kubeName.optional(),
  mode: z.enum(DEPLOYMENT_MODES).optional(),
  storage: z.enum(STORAGE_MODES as ['registry', 'direct']).optional(),
  runtime: nonEmptyShortText.optional(),
  serviceAccount: kubeName.optional(),
  resources: z.strictObject({ requests: quantities.optional(), limits: quantities.optional() }).optional(),
  canaryPercent: percent.optional(),
  alias: nonEmptyShortText.optional(),
  canaryEnd: z.enum(['promote', 'rollback']).optional(),
});

export const RECORD = z.strictObject({
  modelVersionId: wireId,
  namespace: kubeName,
  name: kubeName.optional(),
  mode: z.enum(DEPLOYMENT_MODES),
  canaryPercent: z.number().int().min(1).max(99).optional(),
  stableVersionId: wireId.optional(),
  alias: nonEmptyShortText.optional(),
  endpoint: longText.optional(),
  comment: longText.optional(),
});

export const SYNC = z.strictObject({
  namespaces: z.array(kubeName).min(1).max(100),
  // Objects as the Kubernetes API returns them; the domain reads what it needs and ignores the rest.
  inferenceServices: z.array(z.record(z.string(), z.unknown())).max(10_000),
});

/** A deployment recorded from KServe: the event, with the inference service's name. */
export const KSERVE_DEPLOYMENT_EVENT = DEPLOYMENT_EVENT.extend({ inferenceService: z.string() });

/** A plan: the InferenceService to apply, and what it was made from. */
export const KSERVE_PLAN = z.object({
  manifest: z.object({
    apiVersion: z.literal('serving.kserve.io/v1beta1'),
    kind: z.literal('InferenceService'),
    // Kubernetes' own shapes, documented by KServe.
    metadata: z.record(z.string(), z.unknown()),
    spec: z.record(z.string(), z.unknown()),
  }),
  modelVersionId: z.string(),
  mode: z.enum(DEPLOYMENT_MODES),
  expectedRuntime: z.string().optional(),
  stableVersionId: z.string().optional(),
});

const optionalText = z.string().optional();

/** An InferenceService as a sync observed it, and the registry version it serves. */
const OBSERVED_SERVICE = z.object({
  namespace: z.string(),
  name: z.string(),
  ready: z.enum(['True', 'False', 'Unknown']),
  reason: optionalText,
  url: optionalText,
  latestReadyRevision: optionalText,
  failure: z.object({ reason: optionalText, message: optionalText }).optional(),
  mode: optionalText,
  runtime: optionalText,
  storageUri: optionalText,
  canaryPercent: z.number().optional(),
  modelVersionId: optionalText,
  served: z.object({
    registeredModelId: optionalText,
    modelVersionId: optionalText,
    model: optionalText,
    version: optionalText,
    contentDigest: optionalText,
    alias: optionalText,
  }),
});

const DRIFT = z.object({
  kind: z.enum(DRIFT_KINDS),
  namespace: z.string(),
  name: z.string(),
  message: z.string(),
  recordedVersionId: optionalText,
  servedVersionId: optionalText,
});

/** The reports of a sync (one per namespace), or the latest reports kept. */
export const KSERVE_SYNC_REPORT_LIST = z.object({
  size: z.number().int(),
  items: z.array(
    z.object({
      namespace: z.string(),
      observedAt: z.string(),
      actor: z.string(),
      services: z.array(OBSERVED_SERVICE),
      drift: z.array(DRIFT),
    }),
  ),
});

const optionalId = (id: number | undefined) => (id === undefined ? undefined : String(id));

export function syncReportsToWire(reports: readonly SyncReport[]): z.output<typeof KSERVE_SYNC_REPORT_LIST> {
  return {
    size: reports.length,
    items: reports.map((report) => ({
      namespace: report.namespace,
      observedAt: String(report.observedAt),
      actor: report.actor,
      services: report.services.map((s) => ({
        ...s,
        modelVersionId: optionalId(s.modelVersionId),
        served: {
          ...s.served,
          registeredModelId: optionalId(s.served.registeredModelId),
          modelVersionId: optionalId(s.served.modelVersionId),
        },
      })),
      drift: report.drift.map((d) => ({
        ...d,
        recordedVersionId: optionalId(d.recordedVersionId),
        servedVersionId: optionalId(d.servedVersionId),
      })),
    })),
  };
}
