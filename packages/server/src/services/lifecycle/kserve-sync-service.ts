import type { CustomProperties } from '../../domain/custom-properties.js';
import type {
  ExecutionState,
  InferenceService,
  ModelVersion,
  ServingEnvironment,
} from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import {
  findDrift,
  type Drift,
  type KnownVersion,
  type ObservedService,
  type RecordedDeployment,
} from '../../domain/kserve/drift.js';
import { namespaceName } from '../../domain/kserve/inference-service.js';
import type { ServedIdentity } from '../../domain/kserve/labels.js';
import { observeInferenceService, type Observation } from '../../domain/kserve/observation.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ManifestRepository } from '../../ports/content-repository.js';
import type { AliasRepository, DeploymentRepository } from '../../ports/lifecycle-repository.js';
import { KSERVE_PROPERTIES } from './kserve-service.js';
import {
  authorizedTransaction,
  runUseCase,
  type Caller,
  type Record_,
  type UseCaseDeps,
  type UseCaseRepositories,
} from '../use-case.js';

/** What one sync saw in a namespace: every InferenceService with the version it serves, and the drift. */
export interface SyncReport {
  readonly namespace: string;
  readonly observedAt: number;
  readonly actor: string;
  readonly services: readonly (Observation & { readonly modelVersionId?: number })[];
  readonly drift: readonly Drift[];
}

/** What a sync reads and writes: the recorded services and versions, and its reports. */
type SyncTx = UseCaseRepositories &
  CatalogRepository &
  Pick<AliasRepository, 'getAlias'> &
  Pick<ManifestRepository, 'getManifest'> &
  Pick<DeploymentRepository, 'saveSyncReport' | 'syncReports'>;

export interface KServeSyncDeps extends UseCaseDeps<SyncTx> {
  readonly productionNamespaces: ReadonlySet<string>;
}

/** At most this many namespaces per sync: each is a few queries per InferenceService. */
export const MAX_SYNC_NAMESPACES = 100;

/**
 * Reconciles what the registry believes is served with what the cluster serves
 * (docs/adr/0019-kserve.md): the client reads the InferenceServices of some namespaces and hands
 * them over; the registry records their state on its serve models, finds the drift, and keeps the
 * report per namespace for whoever asks later (the UI), all in one transaction.
 */
export class KServeSyncService {
  constructor(private readonly deps: KServeSyncDeps) {}

  sync(
    actor: Caller,
    input: { readonly namespaces: readonly string[]; readonly inferenceServices: readonly unknown[] },
  ): Promise<readonly SyncReport[]> {
    const namespaces = [...new Set(input.namespaces.map(namespaceName))];
    if (namespaces.length === 0 || namespaces.length > MAX_SYNC_NAMESPACES) {
      throw new InputError('INVALID_FIELD', `namespaces: give 1 to ${MAX_SYNC_NAMESPACES} namespaces`);
    }
    const observations = input.inferenceServices.map(observeInferenceService);
    for (const o of observations) {
      if (!namespaces.includes(o.namespace)) {
        throw new InputError(
          'INVALID_OBSERVATION',
          `InferenceService ${o.namespace}/${o.name} is outside the synced namespaces (${namespaces.join(', ')})`,
        );
      }
    }
    return runUseCase(this.deps, actor, async (tx, now, auth, record) => {
      await auth.require('promote', 'the deployments of every registered model (a sync reads them all)');
      const lookup = new VersionLookup(tx);
      const reports: SyncReport[] = [];
      for (const namespace of namespaces) {
        const env = await ensureEnvironment(tx, namespace, now, record);
        const services = await tx.findAll('inferenceService', { servingEnvironmentId: env.id }, 10_000);
        const recorded = await recordedDeployments(tx, lookup, namespace, services);
        const observed: ObservedService[] = [];
        for (const observation of observations.filter((o) => o.namespace === namespace)) {
          observed.push({ observation, version: await lookup.resolve(observation.served) });
        }
        const drift = findDrift(recorded, observed, this.deps.productionNamespaces);
        await updateServeModels(tx, now, record, services, observed);
        const report: SyncReport = {
          namespace,
          observedAt: now,
          actor: actor.subject,
          services: observed.map((o) => ({
            ...o.observation,
            ...(o.version === undefined ? {} : { modelVersionId: o.version.modelVersionId }),
          })),
          drift,
        };
        await tx.saveSyncReport({
          namespace,
          report: JSON.stringify(report),
          actor: actor.subject,
          observedTime: now,
        });
        await record('update', 'servingEnvironment', env.id, {
          sync: { services: observed.length, drift: drift.map((d) => `${d.kind} ${d.name}`) },
        });
        reports.push(report);
      }
      return reports;
    });
  }

  /** The last sync report of each namespace (of the given ones). */
  reports(actor: Caller, namespaces?: readonly string[]): Promise<readonly SyncReport[]> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      await auth.require('read', 'the deployments of every registered model (a sync report names them all)');
      const rows = await tx.syncReports(namespaces?.map(namespaceName));
      return rows.map((row) => JSON.parse(row.report) as SyncReport);
    });
  }
}

/** Versions by id or by model and version name, each read once per sync. */
class VersionLookup {
  private readonly versions = new Map<number, KnownVersion | undefined>();
  private readonly models = new Map<string, number | undefined>();

  constructor(private readonly tx: SyncTx) {}

  async byId(id: number): Promise<KnownVersion | undefined> {
    if (!this.versions.has(id)) {
      const version = await this.tx.get('modelVersion', id);
      this.versions.set(id, version === undefined ? undefined : await this.known(version));
    }
    return this.versions.get(id);
  }

  /** The version an InferenceService names: Kubeflow's version id label, else model and version names. */
  async resolve(served: ServedIdentity): Promise<KnownVersion | undefined> {
    if (served.modelVersionId !== undefined) {
      const version = await this.byId(served.modelVersionId);
      const sameModel =
        served.registeredModelId === undefined || version?.registeredModelId === served.registeredModelId;
      return sameModel ? version : undefined;
    }
    if (served.model === undefined || served.version === undefined) return undefined;
    if (!this.models.has(served.model)) {
      const [model] = await this.tx.findAll('registeredModel', { name: served.model }, 1);
      this.models.set(served.model, model?.id);
    }
    const modelId = this.models.get(served.model);
    if (modelId === undefined) return undefined;
    const [version] = await this.tx.findAll(
      'modelVersion',
      { registeredModelId: modelId, name: served.version },
      1,
    );
    return version === undefined ? undefined : this.byId(version.id);
  }

  private async known(version: ModelVersion): Promise<KnownVersion | undefined> {
    const model = await this.tx.get('registeredModel', version.registeredModelId);
    if (model === undefined) return undefined;
    const manifest = await this.tx.getManifest(version.id);
    return {
      registeredModelId: model.id,
      modelVersionId: version.id,
      model: model.name,
      version: version.name,
      stage: version.stage,
      contentDigest: manifest?.rootDigest,
    };
  }
}

async function ensureEnvironment(
  tx: SyncTx,
  namespace: string,
  now: number,
  record: Record_,
): Promise<ServingEnvironment> {
  const [env] = await tx.findAll('servingEnvironment', { name: namespace }, 1);
  if (env !== undefined) return env;
  const created = await tx.insert('servingEnvironment', { name: namespace, customProperties: {} }, now);
  await record('create', 'servingEnvironment', created.id, { name: namespace, by: 'sync' });
  return created;
}

async function recordedDeployments(
  tx: SyncTx,
  lookup: VersionLookup,
  namespace: string,
  services: readonly InferenceService[],
): Promise<RecordedDeployment[]> {
  const recorded: RecordedDeployment[] = [];
  for (const service of services) {
    if (service.desiredState !== 'DEPLOYED' || service.modelVersionId === undefined) continue;
    const version = await lookup.byId(service.modelVersionId);
    if (version === undefined) continue;
    const aliasProperty = service.customProperties[KSERVE_PROPERTIES.alias];
    const alias =
      aliasProperty?.type === 'string'
        ? {
            name: aliasProperty.value,
            nowVersionId: (await tx.getAlias(service.registeredModelId, aliasProperty.value))?.modelVersionId,
          }
        : undefined;
    recorded.push({ namespace, name: service.name, version, ...(alias === undefined ? {} : { alias }) });
  }
  return recorded;
}

/** Each recorded serve model that the cluster serves gets the state the cluster reports. */
async function updateServeModels(
  tx: SyncTx,
  now: number,
  record: Record_,
  services: readonly InferenceService[],
  observed: readonly ObservedService[],
): Promise<void> {
  for (const { observation, version } of observed) {
    const service = services.find((s) => s.name === observation.name);
    if (service === undefined || version === undefined) continue;
    const [serve] = await tx.findAll(
      'serveModel',
      { inferenceServiceId: service.id, modelVersionId: version.modelVersionId },
      1,
    );
    if (serve === undefined) continue;
    const state = executionState(observation);
    const properties: CustomProperties = {
      ...serve.customProperties,
      ready: { type: 'string', value: observation.ready },
      ...optionalString('url', observation.url),
      ...optionalString('reason', observation.failure?.reason ?? observation.reason),
      ...optionalString('latestReadyRevision', observation.latestReadyRevision),
      observedAt: { type: 'string', value: new Date(now).toISOString() },
    };
    const updated = await tx.update(
      'serveModel',
      serve.id,
      { lastKnownState: state, customProperties: properties },
      now,
    );
    await record('update', 'serveModel', updated.id, { lastKnownState: state, ready: observation.ready });
  }
}

/** Ready: RUNNING; a failure KServe reports (failed load, no runtime): FAILED; otherwise still NEW. */
function executionState(observation: Observation): ExecutionState {
  if (observation.ready === 'True') return 'RUNNING';
  if (observation.failure !== undefined) return 'FAILED';
  return 'NEW';
}

const optionalString = (key: string, value: string | undefined): CustomProperties =>
  value === undefined ? {} : { [key]: { type: 'string', value: value.slice(0, 1000) } };
