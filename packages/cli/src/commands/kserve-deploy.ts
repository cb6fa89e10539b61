import { InvalidArgumentError, Option, type Command } from 'commander';
import type { KServePlan, KServePlanOptions, ModelRegistry } from '@modelreg/client';
import { CliFailure, EXIT_FAILURE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { mustGetModel, mustGetVersion } from '../lookups.js';
import { Output } from '../output.js';
import type { ClusterInferenceService, KubeCluster } from '../kube/kube-cluster.js';

/** The options `deploy --target kserve` adds. */
export interface KServeDeployFlags extends GlobalOptions {
  target?: 'kserve';
  namespace?: string;
  name?: string;
  runtime?: string;
  mode?: 'Standard' | 'Knative';
  storage?: 'registry' | 'direct';
  canary?: number;
  promoteCanary?: boolean;
  rollback?: boolean;
  serviceAccount?: string;
  resources?: NonNullable<KServePlanOptions['resources']>;
  context?: string;
  dryRun?: boolean;
  apply?: boolean;
  comment?: string;
}

function parsePercent(value: string): number {
  if (!/^[0-9]{1,2}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('a whole percent, 1 to 99');
  return Number(value);
}

/** `requests.cpu=1,limits.memory=2Gi` → {requests: {cpu: '1'}, limits: {memory: '2Gi'}}. */
function parseResources(value: string): NonNullable<KServePlanOptions['resources']> {
  const resources: Record<string, Record<string, string>> = {};
  for (const item of value.split(',')) {
    const match = /^(requests|limits)\.([^=]+)=(.+)$/.exec(item.trim());
    if (match === null)
      throw new InvalidArgumentError(
        `'${item}' is not requests.<name>=<quantity> or limits.<name>=<quantity>`,
      );
    const [, kind, name, quantity] = match as unknown as [string, string, string, string];
    resources[kind] = { ...resources[kind], [name]: quantity };
  }
  return resources;
}

/** Adds the KServe options to `modelreg deploy`. */
export function addKServeDeployOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--target <target>', 'deploy to a serving platform rather than only record').choices([
        'kserve',
      ]),
    )
    .option('--namespace <ns>', 'kserve: the Kubernetes namespace')
    .option('--name <isvc>', "kserve: the InferenceService name (default: the model's name)")
    .option('--runtime <runtime>', 'kserve: a ServingRuntime (default: KServe picks one by model format)')
    .addOption(
      new Option(
        '--mode <mode>',
        'kserve: deployment mode (default: as deployed before, else Knative)',
      ).choices(['Standard', 'Knative']),
    )
    .addOption(
      new Option(
        '--storage <from>',
        'kserve: registry (model-registry://) or direct (the artifact URI)',
      ).choices(['registry', 'direct']),
    )
    .addOption(
      new Option('--canary <percent>', 'kserve: send this share of the traffic to the version').argParser(
        parsePercent,
      ),
    )
    .option('--promote-canary', 'kserve: send all traffic to the canary deployed under this name')
    .option('--rollback', 'kserve: send all traffic back to the version the canary ran beside')
    .option('--service-account <sa>', 'kserve: the predictor service account')
    .addOption(
      new Option('--resources <list>', 'kserve: requests.cpu=1,limits.memory=2Gi').argParser(parseResources),
    )
    .option('--context <name>', 'kserve: the kubeconfig context (default: the current one)')
    .option('--dry-run', 'kserve: print the InferenceService (YAML, or JSON with --json) and change nothing')
    .option('--apply', 'kserve: apply it with server-side apply and record the deployment');
}

/** `modelreg deploy <model> <version|@alias> --target kserve (--dry-run | --apply)`. */
export async function deployToKServe(
  model: string,
  version: string | undefined,
  flags: KServeDeployFlags,
): Promise<void> {
  const canaryEnd =
    flags.promoteCanary === true ? 'promote' : flags.rollback === true ? 'rollback' : undefined;
  if (flags.namespace === undefined) throw new CliFailure('modelreg: --target kserve needs --namespace', 2);
  if ((flags.dryRun === true) === (flags.apply === true))
    throw new CliFailure('modelreg: give one of --dry-run or --apply', 2);
  if (flags.promoteCanary === true && flags.rollback === true)
    throw new CliFailure('modelreg: give --promote-canary or --rollback, not both', 2);
  if ((canaryEnd === undefined) === (version === undefined)) {
    throw new CliFailure(
      canaryEnd === undefined
        ? 'modelreg: name the version to deploy'
        : `modelreg: --${flags.rollback === true ? 'rollback' : 'promote-canary'} takes no version (it finishes the recorded canary)`,
      2,
    );
  }
  const registry = connect(flags);
  const registered = await mustGetModel(registry, model);
  const modelVersionId =
    version === undefined ? undefined : (await mustGetVersion(registry, model, version)).id;
  const alias = version?.startsWith('@') === true ? version.slice(1) : undefined;
  const plan = await registry.kserve.plan(registered.id ?? '', {
    namespace: flags.namespace,
    ...defined({
      modelVersionId,
      name: flags.name,
      mode: flags.mode,
      storage: flags.storage,
      runtime: flags.runtime,
      serviceAccount: flags.serviceAccount,
      resources: flags.resources,
      canaryPercent: flags.canary,
      alias,
      canaryEnd,
    }),
  });
  const out = new Output(flags.json === true);
  if (flags.dryRun === true) {
    // Loaded here only: the YAML library took 35 ms of every command's start-up.
    const yaml = flags.json === true ? undefined : await import('yaml');
    process.stdout.write(
      yaml === undefined ? `${JSON.stringify(plan.manifest, null, 2)}\n` : yaml.stringify(plan.manifest),
    );
    return;
  }
  const cluster = await connectCluster(flags.context);
  const applied = await onCluster(() =>
    cluster.apply(plan.manifest as unknown as { metadata: { name: string; namespace: string } }),
  );
  const event = await recordOrSay(registry, registered.id ?? '', plan, flags, applied, alias);
  const where = `${flags.namespace}/${String(plan.manifest.metadata['name'])}`;
  out.result(
    { applied: applied.metadata, deployment: event },
    `applied InferenceService ${where} and recorded the deployment of version id ${plan.modelVersionId}`,
  );
}

async function recordOrSay(
  registry: ModelRegistry,
  modelId: string,
  plan: KServePlan,
  flags: KServeDeployFlags,
  applied: ClusterInferenceService,
  alias: string | undefined,
) {
  try {
    return await registry.kserve.record(modelId, {
      modelVersionId: plan.modelVersionId,
      namespace: flags.namespace ?? '',
      name: String(plan.manifest.metadata['name']),
      mode: plan.mode,
      ...defined({
        canaryPercent: flags.canary,
        stableVersionId: plan.stableVersionId,
        alias,
        endpoint: applied.status?.url,
        comment: flags.comment,
      }),
    });
  } catch (error) {
    // The cluster has it; say so, so nobody applies twice to "fix" what only the record lacks.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliFailure(
      `modelreg: applied to the cluster, but the registry did not record it: ${message}; run the same command again to record it`,
      EXIT_FAILURE,
      { cause: error },
    );
  }
}

export async function connectCluster(context: string | undefined): Promise<KubeCluster> {
  const { KubeCluster } = await import('../kube/kube-cluster.js');
  try {
    return await KubeCluster.connect(context);
  } catch (error) {
    throw new CliFailure(
      `modelreg: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_FAILURE,
      { cause: error },
    );
  }
}

export async function onCluster<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { kubeErrorMessage } = await import('../kube/kube-cluster.js');
    const message = kubeErrorMessage(error) ?? (error instanceof Error ? error.message : String(error));
    throw new CliFailure(`modelreg: ${message}`, EXIT_FAILURE, { cause: error });
  }
}

function defined<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as never;
}
