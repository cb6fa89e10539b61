// The registry review (`modelreg report`, docs/adr/0016-content-integrity.md): what a registry
// owner checks periodically, each finding with the entity, why, and the command that fixes it.
// Pure: the report service gathers the facts, this decides the findings.

import type { ApiToken, Grant } from './access-control.js';
import type { CorruptFile, CorruptRunFile } from './integrity.js';
import type { Stage } from './lifecycle.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_KINDS = [
  'version-without-lineage',
  'version-without-metrics',
  'version-without-content',
  'several-versions-in-production',
  'production-not-deployed',
  'deployed-not-in-production',
  'stale-model',
  'stale-in-staging',
  'alias-on-archived-version',
  'content-not-verified',
  'content-corrupt',
  'audit-chain-broken',
  'token-never-expires',
  'token-unused',
  'admin',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly entity: { readonly type: string; readonly id: string; readonly name: string };
  readonly why: string;
  readonly fix: string;
}

/** Days after which something counts as stale, each configurable. */
export interface ReviewThresholds {
  /** A model with no new version and no deployment for this long. */
  readonly staleModelDays: number;
  /** A version in Staging for longer than this. */
  readonly stagingDays: number;
  /** Content not verified within this long. */
  readonly verifyDays: number;
  /** A token not used for this long (or never, and older than this). */
  readonly tokenUnusedDays: number;
}

export const DEFAULT_THRESHOLDS: ReviewThresholds = Object.freeze({
  staleModelDays: 90,
  stagingDays: 30,
  verifyDays: 30,
  tokenUnusedDays: 90,
});

export interface ReviewedModel {
  readonly id: number;
  readonly name: string;
  readonly createTimeSinceEpoch: number;
}

export interface ReviewedVersion {
  readonly id: number;
  readonly name: string;
  readonly registeredModelId: number;
  readonly stage: Stage;
  readonly createTimeSinceEpoch: number;
}

/** What backs a Production or Staging version. */
export interface VersionEvidence {
  readonly hasDataset: boolean;
  readonly hasCode: boolean;
  readonly hasMetrics: boolean;
  readonly hasSealedContent: boolean;
  /** The model artifacts' URIs. */
  readonly uris: readonly string[];
}

/** A version deployed now: the latest deployment event of its model in that environment deployed it. */
export interface CurrentDeployment {
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly environment: string;
}

export interface ReviewFacts {
  readonly now: number;
  readonly thresholds: ReviewThresholds;
  readonly models: readonly ReviewedModel[];
  readonly versions: readonly ReviewedVersion[];
  readonly evidence: ReadonlyMap<number, VersionEvidence>;
  /** When each version in Staging entered it. */
  readonly stagingSince: ReadonlyMap<number, number>;
  readonly deployments: readonly CurrentDeployment[];
  /** The time of each model's newest deployment event. */
  readonly lastDeployment: ReadonlyMap<number, number>;
  readonly aliases: readonly { registeredModelId: number; alias: string; modelVersionId: number }[];
  /** Versions with files never verified, or not within the threshold. */
  readonly unverified: readonly {
    modelVersionId: number;
    neverVerified: number;
    notRecentlyVerified: number;
  }[];
  readonly corrupt: readonly CorruptFile[];
  /** MLflow runs' files found corrupt while served. */
  readonly corruptRunFiles: readonly CorruptRunFile[];
  readonly auditChain: { readonly valid: boolean; readonly events: number; readonly firstBrokenId?: number };
  /** Tokens neither revoked nor expired. */
  readonly tokens: readonly ApiToken[];
  readonly grants: readonly Grant[];
}

/** URI schemes a serving runtime (KServe's storage initializer) can fetch. */
const REACHABLE_SCHEMES = /^(s3|gs|https?|oci|hf|pvc|azure|abfss?):\/\//i;
const DAY_MS = 24 * 3600 * 1000;
const API = '/api/model_registry/v1alpha3';

const days = (ms: number) => Math.floor(ms / DAY_MS);
const quote = (text: string) => (/^[\w.@:/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export function severityAtLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(floor);
}

/** Every finding of the review, in a stable order: by kind (as listed), then entity id. */
export function reviewFindings(facts: ReviewFacts): Finding[] {
  const findings = [
    ...lifecycleFindings(facts),
    ...productionFindings(facts),
    ...staleFindings(facts),
    ...integrityFindings(facts),
    ...accessFindings(facts),
  ];
  return findings.sort(
    (a, b) =>
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      a.entity.type.localeCompare(b.entity.type) ||
      Number(a.entity.id) - Number(b.entity.id) ||
      a.entity.name.localeCompare(b.entity.name),
  );
}

function naming(facts: ReviewFacts) {
  const models = new Map(facts.models.map((m) => [m.id, m]));
  const versions = new Map(facts.versions.map((v) => [v.id, v]));
  const modelName = (id: number) => models.get(id)?.name ?? `#${id}`;
  const version = (id: number) => {
    const v = versions.get(id);
    const model = v === undefined ? '?' : modelName(v.registeredModelId);
    return {
      v,
      model,
      label: `${model} ${v?.name ?? `#${id}`}`,
      args: `${quote(model)} ${quote(v?.name ?? String(id))}`,
    };
  };
  return { modelName, version };
}

function versionEntity(label: string, id: number) {
  return { type: 'modelVersion', id: String(id), name: label };
}

function lifecycleFindings(facts: ReviewFacts): Finding[] {
  const { version } = naming(facts);
  const out: Finding[] = [];
  for (const v of facts.versions) {
    if (v.stage !== 'Production' && v.stage !== 'Staging') continue;
    const { label, args } = version(v.id);
    const e = facts.evidence.get(v.id);
    const entity = versionEntity(label, v.id);
    if (e !== undefined && !e.hasDataset && !e.hasCode) {
      out.push({
        kind: 'version-without-lineage',
        severity: 'medium',
        entity,
        why: `in ${v.stage} without lineage: no dataset and no code recorded`,
        fix: `curl -X PUT <registry>${API}/model_versions/${v.id}/lineage -d '{"code":{"repository":"…","commit":"…"}}' and add its datasets (modelreg register --dataset records them on a new version)`,
      });
    }
    if (e !== undefined && !e.hasMetrics) {
      out.push({
        kind: 'version-without-metrics',
        severity: 'medium',
        entity,
        why: `in ${v.stage} without metrics`,
        fix: `curl -X POST <registry>${API}/model_versions/${v.id}/artifacts -d '{"artifactType":"metric","name":"accuracy","value":…}'`,
      });
    }
    if (e !== undefined && !e.hasSealedContent && !e.uris.some((uri) => REACHABLE_SCHEMES.test(uri))) {
      out.push({
        kind: 'version-without-content',
        severity: 'high',
        entity,
        why: `in ${v.stage} with neither sealed content nor a URI a serving runtime can fetch${e.uris.length === 0 ? '' : ` (${e.uris.join(', ')})`}`,
        fix: `modelreg push ${args} <path>`,
      });
    }
  }
  return out;
}

function productionFindings(facts: ReviewFacts): Finding[] {
  const { modelName, version } = naming(facts);
  const out: Finding[] = [];
  const inProduction = new Map<number, ReviewedVersion[]>();
  for (const v of facts.versions) {
    if (v.stage === 'Production')
      inProduction.set(v.registeredModelId, [...(inProduction.get(v.registeredModelId) ?? []), v]);
  }
  for (const [modelId, versions] of inProduction) {
    if (versions.length < 2) continue;
    const newest = [...versions].sort(
      (a, b) => b.createTimeSinceEpoch - a.createTimeSinceEpoch || b.id - a.id,
    );
    out.push({
      kind: 'several-versions-in-production',
      severity: 'high',
      entity: { type: 'registeredModel', id: String(modelId), name: modelName(modelId) },
      why: `${versions.length} versions in Production: ${newest.map((v) => v.name).join(', ')}`,
      fix: newest
        .slice(1)
        .map((v) => `modelreg stage ${quote(modelName(modelId))} ${quote(v.name)} Archived`)
        .join('; '),
    });
  }
  const deployedVersions = new Set(facts.deployments.map((d) => d.modelVersionId));
  for (const v of facts.versions) {
    if (v.stage !== 'Production' || deployedVersions.has(v.id)) continue;
    const { label, args } = version(v.id);
    out.push({
      kind: 'production-not-deployed',
      severity: 'medium',
      entity: versionEntity(label, v.id),
      why: 'in Production but deployed nowhere',
      fix: `modelreg deploy ${args} --env <environment>`,
    });
  }
  for (const d of facts.deployments) {
    const { v, label, args } = version(d.modelVersionId);
    if (v === undefined || v.stage === 'Production') continue;
    out.push({
      kind: 'deployed-not-in-production',
      severity: v.stage === 'Archived' ? 'high' : 'medium',
      entity: versionEntity(label, v.id),
      why: `deployed to ${d.environment} while in ${v.stage}`,
      fix: `modelreg undeploy ${args} --env ${quote(d.environment)}`,
    });
  }
  return out;
}

function staleFindings(facts: ReviewFacts): Finding[] {
  const { modelName, version } = naming(facts);
  const { now, thresholds } = facts;
  const out: Finding[] = [];
  const newestVersion = new Map<number, number>();
  for (const v of facts.versions) {
    newestVersion.set(
      v.registeredModelId,
      Math.max(newestVersion.get(v.registeredModelId) ?? 0, v.createTimeSinceEpoch),
    );
  }
  const staleBefore = now - thresholds.staleModelDays * DAY_MS;
  for (const m of facts.models) {
    const lastVersion = newestVersion.get(m.id) ?? m.createTimeSinceEpoch;
    const lastDeploy = facts.lastDeployment.get(m.id);
    if (lastVersion >= staleBefore || (lastDeploy !== undefined && lastDeploy >= staleBefore)) continue;
    out.push({
      kind: 'stale-model',
      severity: 'low',
      entity: { type: 'registeredModel', id: String(m.id), name: m.name },
      why: `no new version for ${days(now - lastVersion)} days and ${lastDeploy === undefined ? 'never deployed' : `no deployment for ${days(now - lastDeploy)} days`} (threshold ${thresholds.staleModelDays})`,
      fix: `modelreg models archive ${quote(m.name)}`,
    });
  }
  for (const [versionId, since] of facts.stagingSince) {
    if (now - since <= thresholds.stagingDays * DAY_MS) continue;
    const { label, args } = version(versionId);
    out.push({
      kind: 'stale-in-staging',
      severity: 'low',
      entity: versionEntity(label, versionId),
      why: `in Staging for ${days(now - since)} days (threshold ${thresholds.stagingDays})`,
      fix: `modelreg stage ${args} Production (or Archived)`,
    });
  }
  for (const a of facts.aliases) {
    const { v, label } = version(a.modelVersionId);
    if (v?.stage !== 'Archived') continue;
    out.push({
      kind: 'alias-on-archived-version',
      severity: 'medium',
      entity: {
        type: 'alias',
        id: String(a.registeredModelId),
        name: `${modelName(a.registeredModelId)}@${a.alias}`,
      },
      why: `points at ${label}, which is archived`,
      fix: `modelreg alias set ${quote(modelName(a.registeredModelId))} ${quote(a.alias)} <version> (or modelreg alias rm)`,
    });
  }
  return out;
}

function integrityFindings(facts: ReviewFacts): Finding[] {
  const { version } = naming(facts);
  const out: Finding[] = [];
  for (const u of facts.unverified) {
    const { label, model, v } = version(u.modelVersionId);
    const parts = [
      ...(u.neverVerified > 0 ? [`${u.neverVerified} files never verified`] : []),
      ...(u.notRecentlyVerified > 0
        ? [`${u.notRecentlyVerified} not verified for ${facts.thresholds.verifyDays} days`]
        : []),
    ];
    out.push({
      kind: 'content-not-verified',
      severity: 'low',
      entity: versionEntity(label, u.modelVersionId),
      why: parts.join(', '),
      fix: `modelreg verify --model ${quote(model)} --version ${quote(v?.name ?? String(u.modelVersionId))}`,
    });
  }
  for (const c of facts.corrupt) {
    const { label, args } = version(c.modelVersionId);
    out.push({
      kind: 'content-corrupt',
      severity: 'high',
      entity: { type: 'file', id: String(c.modelVersionId), name: `${label}: ${c.path}` },
      why: `corrupt since ${new Date(c.corruptTimeSinceEpoch).toISOString()}: ${c.reason}; never served`,
      fix: `modelreg stage ${args} Archived, then register the content again as a new version (modelreg register --path)`,
    });
  }
  for (const c of facts.corruptRunFiles) {
    const path = `${c.experimentId}/${c.runId}/artifacts/${c.path}`;
    out.push({
      kind: 'content-corrupt',
      severity: 'high',
      entity: { type: 'runFile', id: String(c.runId), name: `run ${c.runId}: ${c.path}` },
      why: `corrupt since ${new Date(c.corruptTimeSinceEpoch).toISOString()}: ${c.reason}; never served`,
      fix: `log the file to the run again (mlflow.log_artifact, or curl -T <file> <registry>/api/2.0/mlflow-artifacts/artifacts/${path})`,
    });
  }
  if (!facts.auditChain.valid) {
    out.push({
      kind: 'audit-chain-broken',
      severity: 'high',
      entity: { type: 'auditTrail', id: String(facts.auditChain.firstBrokenId ?? 0), name: 'audit trail' },
      why: `the hash chain breaks at event ${facts.auditChain.firstBrokenId ?? '?'}: events were changed, removed or reordered`,
      fix: 'restore the audit_event table from a backup, then modelreg audit --verify',
    });
  }
  return out;
}

function accessFindings(facts: ReviewFacts): Finding[] {
  const { now, thresholds } = facts;
  const out: Finding[] = [];
  const unusedBefore = now - thresholds.tokenUnusedDays * DAY_MS;
  for (const t of facts.tokens) {
    const entity = { type: 'apiToken', id: String(t.id), name: t.name };
    if (t.expireTimeSinceEpoch === undefined) {
      out.push({
        kind: 'token-never-expires',
        severity: 'medium',
        entity,
        why: `${t.role} token with no expiry`,
        fix: `modelreg token create --name ${quote(t.name)}-2 --role ${t.role} --expires 90d, then modelreg token revoke ${t.id}`,
      });
    }
    const lastUse = t.lastUseTimeSinceEpoch;
    if ((lastUse ?? t.createTimeSinceEpoch) < unusedBefore) {
      out.push({
        kind: 'token-unused',
        severity: 'low',
        entity,
        why:
          lastUse === undefined
            ? `never used in ${days(now - t.createTimeSinceEpoch)} days`
            : `not used for ${days(now - lastUse)} days`,
        fix: `modelreg token revoke ${t.id}`,
      });
    }
    if (t.role === 'admin' && t.registeredModelId === undefined) {
      out.push({
        kind: 'admin',
        severity: 'info',
        entity,
        why: `admin token acting as ${t.subject}`,
        fix: `modelreg token revoke ${t.id} (if it need not be an admin)`,
      });
    }
  }
  for (const g of facts.grants) {
    if (g.role !== 'admin' || g.registeredModelId !== undefined) continue;
    out.push({
      kind: 'admin',
      severity: 'info',
      entity: { type: 'grant', id: String(g.id), name: `${g.principalType} ${g.principal}` },
      why: `registry-wide admin grant to ${g.principalType} ${g.principal}`,
      fix: `curl -X DELETE <registry>${API}/grants/${g.id} (if it need not be an admin)`,
    });
  }
  return out;
}
