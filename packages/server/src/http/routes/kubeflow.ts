import type { LineageService } from '../../services/lineage/index.js';
import type { CatalogService, RegistrationService } from '../../services/catalog/index.js';
import type { AliasService, DeploymentService, StageService } from '../../services/lifecycle/index.js';
import type { Routes } from '../operations.js';
import { registerAliasRoutes } from './aliases.js';
import { registerChildArtifactRoutes, registerChildRoutes, registerMetricHistoryRoutes } from './children.js';
import { registerCollectionRoutes } from './collections.js';
import { registerDeploymentRoutes, registerServeModelRoutes } from './deployments.js';
import { entityLister } from './entity-lists.js';
import { registerPolicyRoutes, registerStageRoutes, registerVersionNameRoutes } from './stages.js';

/** The context services the Kubeflow routes and our lifecycle extensions call. */
export interface KubeflowServices {
  readonly catalog: CatalogService;
  readonly registration: RegistrationService;
  readonly stages: StageService;
  readonly aliases: AliasService;
  readonly deployments: DeploymentService;
}

/**
 * Every operation of the Kubeflow Model Registry reference, plus DELETE, serve-model access and
 * our lifecycle extensions. The order matters where paths overlap: static paths first.
 */
export function registerKubeflowRoutes(
  routes: Routes,
  services: KubeflowServices,
  lineage?: Pick<LineageService, 'versionValues'>,
): void {
  const { catalog, registration, stages, aliases, deployments } = services;
  const list = entityLister(catalog, lineage);
  registerMetricHistoryRoutes(routes, list);
  registerCollectionRoutes(routes, catalog, list);
  registerChildRoutes(routes, catalog, list);
  registerChildArtifactRoutes(routes, catalog, list);
  registerStageRoutes(routes, stages);
  registerAliasRoutes(routes, aliases);
  registerPolicyRoutes(routes, stages);
  registerVersionNameRoutes(routes, registration);
  registerDeploymentRoutes(routes, deployments, catalog);
  registerServeModelRoutes(routes, catalog);
}
