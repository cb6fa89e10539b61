import type { Command } from 'commander';
import type { KServeSyncReport, ModelRegistry } from '@modelreg/client';
import { CliFailure, EXIT_FAILURE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output, type Column } from '../output.js';
import type { ClusterInferenceService } from '../kube/kube-cluster.js';
import { connectCluster, onCluster } from './kserve-deploy.js';

const SERVICE_COLUMNS: readonly Column<KServeSyncReport['services'][number]>[] = [
  { header: 'NAMESPACE', value: (s) => s.namespace },
  { header: 'NAME', value: (s) => s.name },
  { header: 'READY', value: (s) => s.ready },
  {
    header: 'SERVES',
    value: (s) => [s.served.model, s.served.version].filter((x) => x !== undefined).join(' '),
  },
  { header: 'URL / REASON', value: (s) => s.url ?? s.failure?.reason ?? s.reason },
];

/** `modelreg deployments sync`: what the cluster serves, recorded, and the drift (exit 1 when any). */
export function addDeploymentsCommand(program: Command): void {
  const deployments = program
    .command('deployments')
    .description('what KServe serves, against what the registry records (sync)');
  deployments
    .command('sync')
    .description(
      'read the InferenceServices of namespaces, record what is served, report drift (exit 1 on drift)',
    )
    .option(
      '--namespace <list>',
      'comma-separated namespaces (default: every serving environment the registry knows)',
    )
    .option('--context <name>', 'the kubeconfig context (default: the current one)')
    .addHelpText(
      'after',
      examples('modelreg deployments sync --namespace team-a,prod', 'modelreg deployments sync --json'),
    )
    .action(async (flags: GlobalOptions & { namespace?: string; context?: string }) => {
      const registry = connect(flags);
      const namespaces =
        flags.namespace
          ?.split(',')
          .map((n) => n.trim())
          .filter((n) => n !== '') ?? (await knownNamespaces(registry));
      if (namespaces.length === 0)
        throw new CliFailure('modelreg: no namespace to sync: give --namespace', 2);
      const cluster = await connectCluster(flags.context);
      const objects: ClusterInferenceService[] = [];
      for (const namespace of namespaces) objects.push(...(await onCluster(() => cluster.list(namespace))));
      const reports = await registry.kserve.sync(namespaces, objects);
      const drift = reports.flatMap((r) => r.drift);
      const out = new Output(flags.json === true);
      if (flags.json === true) out.result({ items: reports, drift: drift.length }, '');
      else {
        out.list(
          reports.flatMap((r) => r.services),
          SERVICE_COLUMNS,
          'inference services',
        );
        for (const d of drift)
          process.stdout.write(`drift ${d.kind} ${d.namespace}/${d.name}: ${d.message}\n`);
      }
      if (drift.length > 0) {
        throw new CliFailure(
          `modelreg: ${drift.length} drift${drift.length === 1 ? '' : 's'} between the registry and the cluster`,
          EXIT_FAILURE,
        );
      }
    });
}

/** The serving environments whose names can be namespaces. */
async function knownNamespaces(registry: ModelRegistry): Promise<string[]> {
  const answer = await registry.api.GET('/api/model_registry/v1alpha3/serving_environments', {
    params: { query: { pageSize: '1000' } },
  });
  const items = (answer.data?.items ?? []) as { name?: string }[];
  return items.map((e) => e.name ?? '').filter((n) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n));
}
