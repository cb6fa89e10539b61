import type { LineageService } from '../../services/lineage/index.js';
import type { RegistryService } from '../../services/registry-service.js';
import type { Routes } from '../operations.js';
import { registerAliasRoutes } from './aliases.js';
import { registerChildArtifactRoutes, registerChildRoutes, registerMetricHistoryRoutes } from './children.js';
import { registerCollectionRoutes } from './collections.js';
import { registerDeploymentRoutes, registerServeModelRoutes } from './deployments.js';
import { entityLister } from './entity-lists.js';
import { registerPolicyRoutes, registerStageRoutes, registerVersionNameRoutes } from './stages.js';

/**
 * Every operation of the Kubeflow Model Registry reference, plus DELETE, serve-model access and
 * our lifecycle extensions. The order matters where paths overlap: static paths first.
 */
export function registerKubeflowRoutes(
  routes: Routes,
  service: RegistryService,
  lineage?: Pick<LineageService, 'versionValues'>,
): void {
  const list = entityLister(service, lineage);
  registerMetricHistoryRoutes(routes, list);
  registerCollectionRoutes(routes, service, list);
  registerChildRoutes(routes, service, list);
  registerChildArtifactRoutes(routes, service, list);
  registerStageRoutes(routes, service);
  registerAliasRoutes(routes, service);
  registerPolicyRoutes(routes, service);
  registerVersionNameRoutes(routes, service);
  registerDeploymentRoutes(routes, service);
  registerServeModelRoutes(routes, service);
}
