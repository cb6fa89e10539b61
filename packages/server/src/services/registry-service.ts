import type { TransitionRule } from '../domain/lifecycle.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import { CatalogService, RegistrationService } from './catalog/index.js';
import { AliasService, DeploymentService, StageService } from './lifecycle/index.js';

export type { Caller } from './use-case.js';
export type {
  ArtifactParent,
  CreateInput,
  FindCriteria,
  ListOptions,
  Registration,
  RegistrationInput,
} from './catalog/index.js';
export type { DeploymentHooks } from './lifecycle/index.js';

export interface RegistryServiceDeps {
  readonly store: MetadataStore;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** A fresh unique name, for entities created without one. */
  readonly newName: () => string;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
  /** The stage moves allowed (DEFAULT_TRANSITIONS unless configured). */
  readonly transitions?: readonly TransitionRule[];
}

/**
 * The catalog's and the lifecycle's services behind one object, for the callers that took the
 * registry as one service before the bounded contexts (docs/adr/0013-bounded-contexts.md). New
 * callers take the context service they need (`catalog`, `registration`, `stages`, `aliases`,
 * `deploymentService`); each method here is that service's.
 */
export class RegistryService {
  readonly catalog: CatalogService;
  readonly registration: RegistrationService;
  readonly stages: StageService;
  readonly aliases: AliasService;
  readonly deploymentService: DeploymentService;

  readonly get: CatalogService['get'];
  readonly create: CatalogService['create'];
  readonly update: CatalogService['update'];
  readonly list: CatalogService['list'];
  readonly find: CatalogService['find'];
  readonly upsertArtifact: CatalogService['upsertArtifact'];
  readonly inferenceServiceModel: CatalogService['inferenceServiceModel'];
  readonly inferenceServiceVersion: CatalogService['inferenceServiceVersion'];
  readonly remove: CatalogService['remove'];
  readonly register: RegistrationService['register'];
  readonly nextVersionName: RegistrationService['nextVersionName'];
  readonly resolveVersion: RegistrationService['resolveVersion'];
  readonly transitionStage: StageService['transitionStage'];
  readonly setPolicy: StageService['setPolicy'];
  readonly listPolicies: StageService['listPolicies'];
  readonly approve: StageService['approve'];
  readonly stageHistory: StageService['stageHistory'];
  readonly moveAliases: AliasService['moveAliases'];
  readonly listAliases: AliasService['listAliases'];
  readonly aliasAt: AliasService['aliasAt'];
  readonly aliasHistory: AliasService['aliasHistory'];
  readonly recordDeployment: DeploymentService['recordDeployment'];
  readonly deployments: DeploymentService['deployments'];
  readonly inProduction: DeploymentService['inProduction'];

  constructor(deps: RegistryServiceDeps) {
    const catalog = (this.catalog = new CatalogService(deps));
    const registration = (this.registration = new RegistrationService(deps));
    const stages = (this.stages = new StageService(deps));
    const aliases = (this.aliases = new AliasService(deps));
    const deployments = (this.deploymentService = new DeploymentService(deps));
    this.get = catalog.get.bind(catalog);
    this.create = catalog.create.bind(catalog);
    this.update = catalog.update.bind(catalog);
    this.list = catalog.list.bind(catalog);
    this.find = catalog.find.bind(catalog);
    this.upsertArtifact = catalog.upsertArtifact.bind(catalog);
    this.inferenceServiceModel = catalog.inferenceServiceModel.bind(catalog);
    this.inferenceServiceVersion = catalog.inferenceServiceVersion.bind(catalog);
    this.remove = catalog.remove.bind(catalog);
    this.register = registration.register.bind(registration);
    this.nextVersionName = registration.nextVersionName.bind(registration);
    this.resolveVersion = registration.resolveVersion.bind(registration);
    this.transitionStage = stages.transitionStage.bind(stages);
    this.setPolicy = stages.setPolicy.bind(stages);
    this.listPolicies = stages.listPolicies.bind(stages);
    this.approve = stages.approve.bind(stages);
    this.stageHistory = stages.stageHistory.bind(stages);
    this.moveAliases = aliases.moveAliases.bind(aliases);
    this.listAliases = aliases.listAliases.bind(aliases);
    this.aliasAt = aliases.aliasAt.bind(aliases);
    this.aliasHistory = aliases.aliasHistory.bind(aliases);
    this.recordDeployment = deployments.recordDeployment.bind(deployments);
    this.deployments = deployments.deployments.bind(deployments);
    this.inProduction = deployments.inProduction.bind(deployments);
  }
}
