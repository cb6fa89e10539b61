// Generated from the served OpenAPI document by scripts/generate-client-types.mjs. Do not edit.
export interface paths {
  '/api/model_registry/v1alpha3/artifact': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an Artifact that matches search parameters.
     * @description Gets the details of a single instance of an `Artifact` that matches search parameters.
     */
    get: operations['findArtifact'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/artifacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All Artifacts
     * @description Gets a list of all `Artifact` entities.
     */
    get: operations['getArtifacts'];
    put?: never;
    /**
     * Create an Artifact
     * @description Creates a new instance of an `Artifact`.
     */
    post: operations['createArtifact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/artifacts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Artifact`. */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get an Artifact
     * @description Gets the details of a single instance of an `Artifact`.
     */
    get: operations['getArtifact'];
    put?: never;
    post?: never;
    /**
     * Delete an Artifact
     * @description modelreg extension. Deletes an `Artifact` of any type.
     */
    delete: operations['deleteArtifact'];
    options?: never;
    head?: never;
    /**
     * Update an Artifact
     * @description Updates an existing `Artifact`.
     */
    patch: operations['updateArtifact'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/artifacts/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All Artifacts, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/artifacts` (getArtifacts), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchArtifacts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/audit_events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The audit trail, newest first (admin)
     * @description modelreg extension. Events of the hash-chained audit trail, filtered by actor, action, outcome, entity and time; `nextPageToken` continues with older events.
     */
    get: operations['getAuditEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/audit_events/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Check the audit trail's hash chain (admin)
     * @description modelreg extension. Recomputes every hash; an altered, removed or reordered event breaks the chain.
     */
    get: operations['verifyAuditTrail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/comparisons': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Side-by-side of 2 to 50 versions, of one model or several
     * @description Fields, metrics (with the best version per metric), parameters, custom properties and lineage, each row marked when the versions differ. A metric's goal comes from `goals`, else the first model's metric goals, else the default (names like loss, error, latency are minimized; every other is maximized).
     */
    get: operations['compareModelVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an Experiment that matches search parameters.
     * @description Gets the details of a single instance of an `Experiment` that matches search parameters.
     */
    get: operations['findExperiment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_run': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an ExperimentRun that matches search parameters.
     * @description Gets the details of a single instance of an `ExperimentRun` that matches search parameters.
     */
    get: operations['findExperimentRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All ExperimentRuns
     * @description Gets a list of all `ExperimentRun` entities.
     */
    get: operations['getExperimentRuns'];
    put?: never;
    /**
     * Create an ExperimentRun
     * @description Creates a new instance of an `ExperimentRun`.
     */
    post: operations['createExperimentRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/{experimentrunId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    /**
     * Get an ExperimentRun
     * @description Gets the details of a single instance of an `ExperimentRun`.
     */
    get: operations['getExperimentRun'];
    put?: never;
    post?: never;
    /**
     * Delete an ExperimentRun
     * @description modelreg extension. Deletes an `ExperimentRun`, its metric history and the artifacts it logged; an artifact also attached to a `ModelVersion` stays with the version, without the run.
     */
    delete: operations['deleteExperimentRun'];
    options?: never;
    head?: never;
    /**
     * Update an ExperimentRun
     * @description Updates an existing `ExperimentRun`.
     */
    patch: operations['updateExperimentRun'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/{experimentrunId}/artifacts': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    /** List all artifacts associated with the `ExperimentRun` */
    get: operations['getExperimentRunArtifacts'];
    put?: never;
    /**
     * Upsert an Artifact in an ExperimentRun
     * @description Creates a new instance of an Artifact if needed and associates it with `ExperimentRun`.
     */
    post: operations['upsertExperimentRunArtifact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/{experimentrunId}/artifacts/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List all artifacts associated with the `ExperimentRun`, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiment_runs/{experimentrunId}/artifacts` (getExperimentRunArtifacts), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperimentRunArtifacts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/{experimentrunId}/metric_history': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    /**
     * Get metric history for an ExperimentRun
     * @description Gets the metric history for an `ExperimentRun` with optional filtering by metric name and step IDs.
     */
    get: operations['getExperimentRunMetricHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/{experimentrunId}/metric_history/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Get metric history for an ExperimentRun, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiment_runs/{experimentrunId}/metric_history` (getExperimentRunMetricHistory), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperimentRunMetricHistory'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/metric_history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get metric history for multiple ExperimentRuns
     * @description Gets the metric history for multiple `ExperimentRun` entities with optional filtering by metric name, step IDs, and experiment run IDs.
     */
    get: operations['getExperimentRunsMetricHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/metric_history/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Get metric history for multiple ExperimentRuns, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiment_runs/metric_history` (getExperimentRunsMetricHistory), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperimentRunsMetricHistory'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiment_runs/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All ExperimentRuns, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiment_runs` (getExperimentRuns), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperimentRuns'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All Experiments
     * @description Gets a list of all `Experiment` entities.
     */
    get: operations['getExperiments'];
    put?: never;
    /**
     * Create an Experiment
     * @description Creates a new instance of an `Experiment`.
     */
    post: operations['createExperiment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiments/{experimentId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    /**
     * Get an Experiment
     * @description Gets the details of a single instance of an `Experiment`.
     */
    get: operations['getExperiment'];
    put?: never;
    post?: never;
    /**
     * Delete an Experiment
     * @description modelreg extension. Deletes an `Experiment` with its `ExperimentRun`s (see deleteExperimentRun); artifacts that only name the experiment as their origin are kept, without it.
     */
    delete: operations['deleteExperiment'];
    options?: never;
    head?: never;
    /**
     * Update an Experiment
     * @description Updates an existing `Experiment`.
     */
    patch: operations['updateExperiment'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiments/{experimentId}/experiment_runs': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    /**
     * List All Experiment's ExperimentRuns
     * @description Gets a list of all `ExperimentRun` entities for the `Experiment`.
     */
    get: operations['getExperimentExperimentRuns'];
    put?: never;
    /**
     * Create an ExperimentRun in Experiment
     * @description Creates a new instance of an `ExperimentRun`.
     */
    post: operations['createExperimentExperimentRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiments/{experimentId}/experiment_runs/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All Experiment's ExperimentRuns, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiments/{experimentId}/experiment_runs` (getExperimentExperimentRuns), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperimentExperimentRuns'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/experiments/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All Experiments, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/experiments` (getExperiments), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchExperiments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/gc': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Remove stored files that nothing refers to (admin)
     * @description modelreg extension. First expires the OPEN uploads idle for longer than the server's `uploadExpirySeconds` (and discards their staged bytes); then removes stored blobs (and staged bytes of uploads no longer OPEN) that no version's manifest and no OPEN upload refers to, last written before the grace period. Never touches the content of a live version. `dryRun` reports without expiring or removing anything.
     */
    post: operations['collectGarbage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List role grants (admin, or a model's admins for its grants) */
    get: operations['getGrants'];
    put?: never;
    /** Grant a role to a user or group, globally or on one registered model */
    post: operations['createGrant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/grants/{grantId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        grantId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a grant */
    delete: operations['deleteGrant'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_service': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an InferenceServices that matches search parameters.
     * @description Gets the details of a single instance of `InferenceService` that matches search parameters.
     */
    get: operations['findInferenceService'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All InferenceServices
     * @description Gets a list of all `InferenceService` entities.
     */
    get: operations['getInferenceServices'];
    put?: never;
    /**
     * Create a InferenceService
     * @description Creates a new instance of a `InferenceService`.
     */
    post: operations['createInferenceService'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/{inferenceserviceId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /**
     * Get a InferenceService
     * @description Gets the details of a single instance of a `InferenceService`.
     */
    get: operations['getInferenceService'];
    put?: never;
    post?: never;
    /**
     * Delete an InferenceService
     * @description modelreg extension. Deletes an `InferenceService` with its `ServeModel`s.
     */
    delete: operations['deleteInferenceService'];
    options?: never;
    head?: never;
    /**
     * Update a InferenceService
     * @description Updates an existing `InferenceService`.
     */
    patch: operations['updateInferenceService'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/{inferenceserviceId}/model': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /**
     * Get InferenceService's RegisteredModel
     * @description Gets the `RegisteredModel` entity for the `InferenceService`.
     */
    get: operations['getInferenceServiceModel'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/{inferenceserviceId}/serves': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /**
     * List All InferenceService's ServeModel actions
     * @description Gets a list of all `ServeModel` entities for the `InferenceService`.
     */
    get: operations['getInferenceServiceServes'];
    put?: never;
    /**
     * Create a ServeModel action in a InferenceService
     * @description Creates a new instance of a `ServeModel` associated with `InferenceService`.
     */
    post: operations['createInferenceServiceServe'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/{inferenceserviceId}/serves/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All InferenceService's ServeModel actions, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/inference_services/{inferenceserviceId}/serves` (getInferenceServiceServes), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchInferenceServiceServes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/{inferenceserviceId}/version': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /**
     * Get InferenceService's ModelVersion
     * @description Gets the `ModelVersion` entity for the `InferenceService`.
     */
    get: operations['getInferenceServiceVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/inference_services/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All InferenceServices, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/inference_services` (getInferenceServices), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchInferenceServices'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/kserve_sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The last sync report of each namespace (registry-wide readers) */
    get: operations['getKServeSyncReports'];
    put?: never;
    /**
     * Record what KServe serves and report the drift (registry-wide promoters)
     * @description modelreg extension. The body holds the InferenceServices the client read from the given namespaces (as the Kubernetes API returns them). In one transaction the registry records each served version's state on its serve model (RUNNING, FAILED, NEW, with url, ready reason and latest ready revision), finds the drift (NOT_SERVED, VERSION_DIFFERS, UNKNOWN_SERVED, DIGEST_MISMATCH, STAGE_MISMATCH, ALIAS_MOVED; each at most once per InferenceService) and keeps the report per namespace.
     */
    post: operations['syncKServeDeployments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/lineage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Walk the lineage graph from a version, dataset, commit, run or inference service
     * @description modelreg extension. `node` is `<kind>:<key>`: `modelVersion:<id>`, `dataset:<digest or uri>`, `commit:<sha>`, `experimentRun:<id>`, `pipelineRun:<id>`, `inferenceService:<id>`. Upstream is what the node was made from, downstream what was made from it; edges point downstream. Nodes of models the caller may not read are left out.
     */
    get: operations['getLineage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics (admin)
     * @description modelreg extension. Requests by operation and status with their latency, SQL statement time by verb and table, database pool use, file bytes moved, uploads committed, garbage collections, and Node's process metrics, in Prometheus' text format. Off with `--no-metrics`; `--metrics-port` serves the same at `/metrics` on a port of its own, without authentication.
     */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_artifact': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a ModelArtifact that matches search parameters.
     * @description Gets the details of a single instance of a `ModelArtifact` that matches search parameters.
     */
    get: operations['findModelArtifact'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_artifacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All ModelArtifacts
     * @description Gets a list of all `ModelArtifact` entities.
     */
    get: operations['getModelArtifacts'];
    put?: never;
    /**
     * Create a ModelArtifact
     * @description Creates a new instance of a `ModelArtifact`.
     */
    post: operations['createModelArtifact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_artifacts/{modelartifactId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelArtifact`. */
        modelartifactId: string;
      };
      cookie?: never;
    };
    /**
     * Get a ModelArtifact
     * @description Gets the details of a single instance of a `ModelArtifact`.
     */
    get: operations['getModelArtifact'];
    put?: never;
    post?: never;
    /**
     * Delete a ModelArtifact
     * @description modelreg extension. Deletes a `ModelArtifact`; 404 when the id names an artifact of another type.
     */
    delete: operations['deleteModelArtifact'];
    options?: never;
    head?: never;
    /**
     * Update a ModelArtifact
     * @description Updates an existing `ModelArtifact`.
     */
    patch: operations['updateModelArtifact'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_artifacts/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All ModelArtifacts, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/model_artifacts` (getModelArtifacts), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchModelArtifacts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_summaries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A page of registered models, each with its newest version, its Production version and versions per stage
     * @description modelreg extension. The models `GET registered_models` would list (same filterQuery, keyset paging and visibility), each with a summary of its versions and the caller's permissions on it, in a fixed number of queries whatever the page size.
     */
    get: operations['getModelSummaries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_summaries/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A page of registered models, each with its newest version, its Production version and versions per stage, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/model_summaries` (getModelSummaries), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchModelSummaries'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_version': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a ModelVersion that matches search parameters.
     * @description Gets the details of a single instance of a `ModelVersion` that matches search parameters.
     */
    get: operations['findModelVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All ModelVersions
     * @description Gets a list of all `ModelVersion` entities.
     */
    get: operations['getModelVersions'];
    put?: never;
    /**
     * Create a ModelVersion
     * @description Creates a new instance of a `ModelVersion`.
     */
    post: operations['createModelVersion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    /**
     * Get a ModelVersion
     * @description Gets the details of a single instance of a `ModelVersion`.
     */
    get: operations['getModelVersion'];
    put?: never;
    post?: never;
    /**
     * Delete a ModelVersion
     * @description modelreg extension. Deletes a `ModelVersion` with its artifacts; refused with 409 while an `InferenceService` or a `ServeModel` still refers to it.
     */
    delete: operations['deleteModelVersion'];
    options?: never;
    head?: never;
    /**
     * Update a ModelVersion
     * @description Updates an existing `ModelVersion`.
     */
    patch: operations['updateModelVersion'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/approvals': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a version's move to a stage (promoters; once per user) */
    post: operations['approveModelVersion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/artifacts': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    /** List all artifacts associated with the `ModelVersion` */
    get: operations['getModelVersionArtifacts'];
    put?: never;
    /**
     * Upsert an Artifact in a ModelVersion
     * @description Creates a new instance of an Artifact if needed and associates it with `ModelVersion`.
     */
    post: operations['upsertModelVersionArtifact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/artifacts/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List all artifacts associated with the `ModelVersion`, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/model_versions/{modelversionId}/artifacts` (getModelVersionArtifacts), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchModelVersionArtifacts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/content.tar': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    /**
     * Every file of a version's content as one tar stream (read)
     * @description modelreg extension. POSIX ustar with pax headers for long or non-ASCII paths; the paths as in the manifest. `ETag` is the root digest. The `uri` the disk backend gives a version's ModelArtifact, so KServe's storage initializer downloads and unpacks it.
     */
    get: operations['downloadModelVersionContent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/files': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    /**
     * The manifest of a version's content (read)
     * @description modelreg extension. 404 CONTENT_NOT_FOUND when the version has no stored content.
     */
    get: operations['getModelVersionFiles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/files/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
        /** @description A file path of the manifest, each segment percent-encoded (encodeURIComponent per segment, joined with `/`). Unlike other path parameters it spans several segments. */
        path: components['parameters']['FilePath'];
      };
      cookie?: never;
    };
    /**
     * The bytes of one file of a version's content (read)
     * @description modelreg extension. `ETag: "sha256:<hex>"` and `X-Checksum-Sha256: <hex>`; `Range: bytes=a-b` answers 206 with Content-Range (416 when outside the file); `If-None-Match` with the ETag answers 304.
     */
    get: operations['downloadModelVersionFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/lineage': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    get?: never;
    /** Record or replace the code and experiment run behind a version */
    put: operations['setModelVersionLineage'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/parents': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record that a version derives from another (fine-tuned, distilled, quantized, derived)
     * @description A link that would make a version its own ancestor is refused with 409.
     */
    post: operations['addModelVersionParent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/parents/{parentId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
        parentId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a parent link */
    delete: operations['removeModelVersionParent'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/stage': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Move a model version to another stage (promoters)
     * @description modelreg extension. Development → Staging → Production → Archived, as the configured transitions allow; records actor, time, from, to and comment. `others` archives or demotes the model's other versions already in the target stage. The version's `state` follows (ARCHIVED exactly when the stage is Archived). `from` states the stage the caller saw the version in: if it has moved since, the answer is 409 STAGE_MISMATCH naming its stage now.
     */
    post: operations['transitionModelVersionStage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/stage_history': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    /** The stage moves of a model version, newest first */
    get: operations['getModelVersionStageHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/stage_options': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    /**
     * The stages a version can move to, with the model's policy checked against it now
     * @description modelreg extension. For every other stage: whether the configured transitions allow the move, each condition of the model's policy for that stage met or not (in words), and the approvals given. `ready` means a promoter's POST …/stage would pass the policy now.
     */
    get: operations['getModelVersionStageOptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/{modelversionId}/uploads': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    /**
     * The uploads of a version, oldest first (read)
     * @description modelreg extension. Every upload of the version with how many bytes of each file are durably received, so a client that lost track of its upload can resume it (`state=OPEN`).
     */
    get: operations['listUploads'];
    put?: never;
    /**
     * Start a resumable upload of a version's files (write)
     * @description modelreg extension. Declares the files (path, size, optional sha256) of the version's content. Paths are relative, normalised and `/`-separated (400 INVALID_FILE_PATH otherwise). 409 CONTENT_SEALED when the version already has content; 409 EXTERNAL_CONTENT when its model artifact records an external URI. A version may have several OPEN uploads; one commits.
     */
    post: operations['createUpload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/model_versions/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All ModelVersions, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/model_versions` (getModelVersions), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchModelVersions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/openapi.yaml': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the served OpenAPI document
     * @description modelreg extension. The Kubeflow Model Registry reference merged with modelreg's extensions, as YAML. Public: it needs no credential.
     */
    get: operations['getOpenApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/permissions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What the caller may do, everywhere and on one registered model
     * @description modelreg extension. `global`: the permissions that hold on every model; `model` (with registeredModelId): those on that model, ownership included. A model the caller may not read answers 404.
     */
    get: operations['getPermissions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/production': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The versions in stage Production (or ?stage=) and where each is deployed */
    get: operations['getProduction'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_model': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a RegisteredModel that matches search parameters.
     * @description Gets the details of a single instance of a `RegisteredModel` that matches search parameters.
     */
    get: operations['findRegisteredModel'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All RegisteredModels
     * @description Gets a list of all `RegisteredModel` entities.
     */
    get: operations['getRegisteredModels'];
    put?: never;
    /**
     * Create a RegisteredModel
     * @description Creates a new instance of a `RegisteredModel`.
     */
    post: operations['createRegisteredModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /**
     * Get a RegisteredModel
     * @description Gets the details of a single instance of a `RegisteredModel`.
     */
    get: operations['getRegisteredModel'];
    put?: never;
    post?: never;
    /**
     * Delete a RegisteredModel
     * @description modelreg extension. Deletes a `RegisteredModel` with its `ModelVersion`s and their artifacts; refused with 409 while an `InferenceService` (or a `ServeModel` of one of its versions) still refers to it.
     */
    delete: operations['deleteRegisteredModel'];
    options?: never;
    head?: never;
    /**
     * Update a RegisteredModel
     * @description Updates an existing `RegisteredModel`.
     */
    patch: operations['updateRegisteredModel'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/alias_history': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** Every move of the model's aliases (or of one, with ?alias=), newest first */
    get: operations['getRegisteredModelAliasHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/aliases': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** The aliases of a model and the versions they point at */
    get: operations['getRegisteredModelAliases'];
    put?: never;
    /** Set, move or remove (null) several aliases in one transaction (promoters) */
    post: operations['moveRegisteredModelAliases'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/aliases/{alias}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alias: string;
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /**
     * The version an alias points at, now or at a time (?at=epoch ms)
     * @description modelreg extension. Without `at`, the alias's last move (the highest `sequence`), which is where the alias list says it points. With `at`, the last move recorded at or before that time; times never go back along a model's history, so the two agree.
     */
    get: operations['getRegisteredModelAlias'];
    /** Point an alias at a version of the model (promoters) */
    put: operations['setRegisteredModelAlias'];
    post?: never;
    /** Remove an alias (promoters) */
    delete: operations['deleteRegisteredModelAlias'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/deployments': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** A model's deployments over time, newest first */
    get: operations['getRegisteredModelDeployments'];
    put?: never;
    /**
     * Record a deployment or undeployment of a version to an environment (promoters)
     * @description modelreg extension. In one transaction: the serving environment (by name) and the model's inference service in it are created or updated as Kubeflow records them (modelVersionId, desiredState, customProperties.url), and the deployment history gets the event. An undeploy of a version that is not the one deployed there (by that inference service) is 409 VERSION_NOT_DEPLOYED, whose message names the version deployed there.
     */
    post: operations['recordRegisteredModelDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/kserve_deployments': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record an InferenceService applied to KServe as a deployment (promoters)
     * @description modelreg extension. What `modelreg deploy --target kserve --apply` records once the cluster accepted the InferenceService: as recordRegisteredModelDeployment (serving environment = namespace, inference service, history), plus the serve model of the version and the KServe facts (mode, canary share and stable version, alias) in the inference service's customProperties, in one transaction under the model's lock.
     */
    post: operations['recordKServeDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/kserve_manifest': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /**
     * The KServe InferenceService to apply for a version
     * @description modelreg extension (docs/adr/0019-kserve.md). Builds the serving.kserve.io/v1beta1 InferenceService that serves the version: modelFormat (and protocolVersion) chosen for KServe's built-in runtimes, storageUri model-registry://<model>/<version> (storage registry, the default) or the artifact's own location (storage direct), the deployment mode annotation, Kubeflow's model-registry labels and labels naming model, version and content digest. canaryPercent makes it a canary beside the version deployed under that name; canaryEnd promote or rollback finishes the recorded canary. Nothing is written. A namespace configured as production refuses a version not in stage Production (412).
     */
    get: operations['planKServeDeployment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/metric_goals': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** Whether higher or lower is better, per metric, for this model (unlisted metrics use the default) */
    get: operations['getMetricGoals'];
    /** Set the goal of each metric named (null returns it to the default) */
    put: operations['setMetricGoals'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/next_version': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** The next semantic version of a model (?bump=major|minor|patch) */
    get: operations['getNextVersionName'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/policies': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** What a version of this model must meet to enter each stage */
    get: operations['getPromotionPolicies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/policies/{stage}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
        stage: components['schemas']['Stage'];
      };
      cookie?: never;
    };
    get?: never;
    /** Set the conditions to enter a stage (no conditions removes the policy; model admins) */
    put: operations['setPromotionPolicy'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/resolve_version': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** The highest LIVE version matching a range (?range=^1.2, ~1.4.0, latest) */
    get: operations['resolveModelVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/stage_history': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** The stage moves of every version of a model, newest first */
    get: operations['getRegisteredModelStageHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /**
     * List All RegisteredModel's ModelVersions
     * @description Gets a list of all `ModelVersion` entities for the `RegisteredModel`.
     */
    get: operations['getRegisteredModelVersions'];
    put?: never;
    /**
     * Create a ModelVersion in RegisteredModel
     * @description Creates a new instance of a `ModelVersion`.
     */
    post: operations['createRegisteredModelVersion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/versions/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All RegisteredModel's ModelVersions, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/registered_models/{registeredmodelId}/versions` (getRegisteredModelVersions), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchRegisteredModelVersions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registered_models/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All RegisteredModels, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/registered_models` (getRegisteredModels), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchRegisteredModels'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/registrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register a version with its metrics, parameters, datasets, code, pipeline run and parents in one call
     * @description modelreg extension. One transaction: the registered model (created when none has the name), the version (`bump` names it from the highest semantic version), its ModelArtifact (the pipeline run goes to modelSource*), one Metric, Parameter and DataSet artifact per entry, the code and experiment run, and the parent links.
     */
    post: operations['registerModelVersion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What needs attention in the registry (admin)
     * @description modelreg extension. The periodic review of a registry: versions in Production or Staging without lineage, metrics or content; several versions in Production; Production versions deployed nowhere and deployments of versions not in Production; stale models, versions long in Staging, aliases on archived versions; content not verified recently or corrupt, the audit chain; tokens that never expire or go unused, and admins. Each finding names the entity, why, and the command that fixes it.
     */
    get: operations['getRegistryReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/search_suggestions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Names a filterQuery can use, starting with a prefix
     * @description modelreg extension. `field`: the fields and search terms of models (or, with over=versions, of versions); `metric`, `param`: metric and parameter names; `modelProperty`, `versionProperty`: custom property names; `label`: label names; `owner`: model owners; `format`: model formats. Only names found in what the caller may read.
     */
    get: operations['getSearchSuggestions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serve_models/{servemodelId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServeModel`. */
        servemodelId: string;
      };
      cookie?: never;
    };
    /**
     * Get a ServeModel
     * @description modelreg extension. Gets the details of a single instance of a `ServeModel`.
     */
    get: operations['getServeModel'];
    put?: never;
    post?: never;
    /**
     * Delete a ServeModel
     * @description modelreg extension. Deletes a `ServeModel`.
     */
    delete: operations['deleteServeModel'];
    options?: never;
    head?: never;
    /**
     * Update a ServeModel
     * @description modelreg extension. Updates an existing `ServeModel`.
     */
    patch: operations['updateServeModel'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environment': {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Find ServingEnvironment
     * @description Finds a `ServingEnvironment` entity that matches query parameters.
     */
    get: operations['findServingEnvironment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List All ServingEnvironments
     * @description Gets a list of all `ServingEnvironment` entities.
     */
    get: operations['getServingEnvironments'];
    put?: never;
    /**
     * Create a ServingEnvironment
     * @description Creates a new instance of a `ServingEnvironment`.
     */
    post: operations['createServingEnvironment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environments/{servingenvironmentId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    /**
     * Get a ServingEnvironment
     * @description Gets the details of a single instance of a `ServingEnvironment`.
     */
    get: operations['getServingEnvironment'];
    put?: never;
    post?: never;
    /**
     * Delete a ServingEnvironment
     * @description modelreg extension. Deletes a `ServingEnvironment` with its `InferenceService`s and their `ServeModel`s.
     */
    delete: operations['deleteServingEnvironment'];
    options?: never;
    head?: never;
    /**
     * Update a ServingEnvironment
     * @description Updates an existing `ServingEnvironment`.
     */
    patch: operations['updateServingEnvironment'];
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environments/{servingenvironmentId}/inference_services': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    /**
     * List All ServingEnvironment's InferenceServices
     * @description Gets a list of all `InferenceService` entities for the `ServingEnvironment`.
     */
    get: operations['getEnvironmentInferenceServices'];
    put?: never;
    /**
     * Create a InferenceService in ServingEnvironment
     * @description Creates a new instance of a `InferenceService`.
     */
    post: operations['createEnvironmentInferenceService'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environments/{servingenvironmentId}/inference_services/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All ServingEnvironment's InferenceServices, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/serving_environments/{servingenvironmentId}/inference_services` (getEnvironmentInferenceServices), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchEnvironmentInferenceServices'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/serving_environments/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * List All ServingEnvironments, with the query parameters in a JSON body
     * @description modelreg extension. The answer of `GET …/serving_environments` (getServingEnvironments), its query parameters sent as a JSON object: a filterQuery too long for a URL (over 16 KiB, encoded) is not cut. Parameters the list does not take are ignored, as in its URL.
     */
    post: operations['searchServingEnvironments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List API tokens (admin)
     * @description modelreg extension. Every API token, without secrets.
     */
    get: operations['getApiTokens'];
    put?: never;
    /**
     * Create an API token (admin)
     * @description modelreg extension. The answer holds the token's secret (`token`); it is shown this once and stored only as a hash.
     */
    post: operations['createApiToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/tokens/{tokenId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke an API token (admin)
     * @description modelreg extension. The token is refused from then on, on every replica.
     */
    delete: operations['revokeApiToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/uploads/{uploadId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uploadId: string;
      };
      cookie?: never;
    };
    /** An upload and how many bytes of each file are durably received (read) */
    get: operations['getUpload'];
    put?: never;
    post?: never;
    /**
     * Abort an upload and discard its staged bytes (write)
     * @description modelreg extension. An aborted upload stays aborted (204 again); a committed one answers 409.
     */
    delete: operations['abortUpload'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/uploads/{uploadId}/commit': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uploadId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Seal the upload's files as the version's content (write)
     * @description modelreg extension. Every file must be complete (409 UPLOAD_INCOMPLETE names the missing ones). Makes the manifest, seals the version's content (a second commit: 409 CONTENT_SEALED) and sets the `uri` of the version's ModelArtifact (creating one named after the model if it has none): on the disk backend the registry's content.tar URL, on S3 the s3:// prefix holding the files.
     */
    post: operations['commitUpload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/uploads/{uploadId}/files/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A file path of the manifest, each segment percent-encoded (encodeURIComponent per segment, joined with `/`). Unlike other path parameters it spans several segments. */
        path: components['parameters']['FilePath'];
        uploadId: string;
      };
      cookie?: never;
    };
    get?: never;
    /**
     * Send bytes of one file of an upload (write)
     * @description modelreg extension. The raw bytes, streamed. Without Content-Range the body is the whole file from byte 0; with `Content-Range: bytes <start>-<end>/<size>` it continues the file, and `start` must be the file's durably received offset (else 409 UPLOAD_OFFSET_MISMATCH, whose body's `received` says where to resume). A dropped connection keeps every byte made durable. When the last byte arrives the declared sha256 is checked: a mismatch discards the file's bytes (422 DIGEST_MISMATCH). Bytes beyond the declared size: 400 FILE_SIZE_EXCEEDED. Another request writing the same file: 409 UPLOAD_BUSY.
     */
    put: operations['uploadFile'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/verification_runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start (or resume) re-hashing stored content (admin)
     * @description modelreg extension. A verification run re-hashes the stored content of every sealed file it selects (all, one model, one version; only files not verified for some days) and compares it with the manifest. Corrupt content is marked (never served again), quarantined and written to the audit trail. The run advances by steps (POST …/step), each verifying one batch claimed through the database, so several workers and replicas share it. A run with the same selection that is not done yet is resumed from its cursor (200) unless `restart` is set; otherwise 201.
     */
    post: operations['startVerificationRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/verification_runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A verification run's progress and the corrupt files of its selection (admin) */
    get: operations['getVerificationRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/verification_runs/{runId}/step': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify the next batch of a run (admin)
     * @description modelreg extension. Claims the next batch of the run (or one whose worker stopped renewing its claim), re-hashes it at most at the run's rate, records each outcome and releases the claim. A step that finds nothing to claim while other workers hold batches verifies nothing; the run is `done` once no file and no claim is left.
     */
    post: operations['stepVerificationRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/model_registry/v1alpha3/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The identity the request acts as
     * @description modelreg extension. Who the server takes the caller to be, and the roles its credential carries.
     */
    get: operations['whoami'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Is the database reachable? */
    get: operations['readyzHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz/isDirty': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Is the database reachable and its schema clean (no half-applied migration)? */
    get: operations['readyzIsDirty'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AliasMove: {
      actor: string;
      alias: string;
      id: string;
      modelVersionId?: string;
      sequence: components['schemas']['HistorySequence'];
      timeSinceEpoch: string;
    };
    AliasMoveList: {
      items: components['schemas']['AliasMove'][];
      size: number;
    };
    ApiToken: {
      createdBy: string;
      createTimeSinceEpoch: string;
      expireTimeSinceEpoch?: string;
      id: string;
      name: string;
      registeredModelId?: string;
      revokeTimeSinceEpoch?: string;
      role: components['schemas']['Role'];
      /** @enum {string} */
      state: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
      subject: string;
    };
    ApiTokenCreate: {
      expiresInSeconds?: number;
      name: string;
      /** @description Limits the role to one registered model. */
      registeredModelId?: string;
      role: components['schemas']['Role'];
      /** @description The identity requests made with the token act as; the token's name by default. */
      subject?: string;
    };
    ApiTokenList: {
      items: components['schemas']['ApiToken'][];
      size: number;
    };
    Approval: {
      actor: string;
      comment?: string;
      stage: string;
      timeSinceEpoch: string;
    };
    /** @description A metadata Artifact Entity. */
    Artifact:
      | components['schemas']['ModelArtifact']
      | components['schemas']['DocArtifact']
      | components['schemas']['DataSet']
      | components['schemas']['Metric']
      | components['schemas']['Parameter'];
    /** @description An Artifact to be created. */
    ArtifactCreate:
      | components['schemas']['ModelArtifactCreate']
      | components['schemas']['DocArtifactCreate']
      | components['schemas']['DataSetCreate']
      | components['schemas']['MetricCreate']
      | components['schemas']['ParameterCreate'];
    /** @description A list of Artifact entities. */
    ArtifactList: {
      /** @description Array of `Artifact` entities. */
      items: components['schemas']['Artifact'][];
    } & components['schemas']['BaseResourceList'];
    /**
     * @description - PENDING: A state indicating that the artifact may exist.
     *      - LIVE: A state indicating that the artifact should exist, unless something
     *     external to the system deletes it.
     *      - MARKED_FOR_DELETION: A state indicating that the artifact should be deleted.
     *      - DELETED: A state indicating that the artifact has been deleted.
     *      - ABANDONED: A state indicating that the artifact has been abandoned, which may be
     *     due to a failed or cancelled execution.
     *      - REFERENCE: A state indicating that the artifact is a reference artifact. At
     *     execution start time, the orchestrator produces an output artifact for
     *     each output key with state PENDING. However, for an intermediate
     *     artifact, this first artifact's state will be REFERENCE. Intermediate
     *     artifacts emitted during a component's execution will copy the REFERENCE
     *     artifact's attributes. At the end of an execution, the artifact state
     *     should remain REFERENCE instead of being changed to LIVE.
     *
     *     See also: ml-metadata Artifact.State
     * @default UNKNOWN
     * @enum {string}
     */
    ArtifactState:
      'UNKNOWN' | 'PENDING' | 'LIVE' | 'MARKED_FOR_DELETION' | 'DELETED' | 'ABANDONED' | 'REFERENCE';
    /**
     * @description Supported artifact types for querying.
     * @enum {string}
     */
    ArtifactTypeQueryParam: 'model-artifact' | 'doc-artifact' | 'dataset-artifact' | 'metric' | 'parameter';
    /** @description An Artifact to be updated. */
    ArtifactUpdate:
      | components['schemas']['ModelArtifactUpdate']
      | components['schemas']['DocArtifactUpdate']
      | components['schemas']['DataSetUpdate']
      | components['schemas']['MetricUpdate']
      | components['schemas']['ParameterUpdate'];
    AuditChainCheck: {
      events: number;
      firstBrokenId?: number;
      valid: boolean;
    };
    AuditEvent: {
      action: string;
      actor: string;
      actorMethod: string;
      /** @description JSON: why it was denied, or the change */
      detail?: string;
      entityId?: string;
      entityType?: string;
      hash: string;
      id: string;
      /** @enum {string} */
      outcome: 'success' | 'denied';
      prevHash: string;
      requestId?: string;
      timeSinceEpoch: string;
    };
    AuditEventList: {
      items: components['schemas']['AuditEvent'][];
      nextPageToken: string;
      size: number;
    };
    /** @description Base schema for all artifact types with common server generated properties. */
    BaseArtifact: components['schemas']['BaseResource'] & {
      /**
       * Format: int64
       * @description Optional id of the experiment that produced this artifact.
       */
      experimentId?: string;
      /**
       * Format: int64
       * @description Optional id of the experiment run that produced this artifact.
       */
      experimentRunId?: string;
    };
    BaseModel: {
      /** @description User provided custom properties which are not defined by its type. */
      customProperties?: {
        [key: string]: components['schemas']['MetadataValue'];
      };
      /** @description Human-readable description of the model. */
      description?: string;
      /**
       * @description List of supported languages (https://en.wikipedia.org/wiki/List_of_ISO_639_language_codes).
       * @example [
       *       "en",
       *       "es",
       *       "cz"
       *     ]
       */
      language?: string[];
      /** @example transformers */
      libraryName?: string;
      /**
       * @description Short name of the model's license.
       * @example apache-2.0
       */
      license?: string;
      /**
       * Format: uri
       * @description URL to the license text.
       */
      licenseLink?: string;
      /**
       * Format: uri
       * @description URL to the model's logo. A [data
       *     URL](https://developer.mozilla.org/en-US/docs/Web/URI/Schemes/data)
       *     is recommended.
       */
      logo?: string;
      /**
       * @description Maturity level of the model.
       * @example Generally Available
       */
      maturity?: string;
      /**
       * @description Name of the organization or entity that provides the model.
       * @example IBM
       */
      provider?: string;
      /** @description Model documentation in Markdown. */
      readme?: string;
      /**
       * @description List of tasks the model is designed for.
       * @example [
       *       "text-generation"
       *     ]
       */
      tasks?: string[];
    };
    BaseResource: {
      /** @description User provided custom properties which are not defined by its type. */
      customProperties?: {
        [key: string]: components['schemas']['MetadataValue'];
      };
      /** @description An optional description about the resource. */
      description?: string;
      /**
       * @description The external id that come from the clients’ system. This field is optional.
       *     If set, it must be unique among all resources within a database instance.
       */
      externalId?: string;
      /**
       * Format: int64
       * @description The unique server generated id of the resource.
       */
      id?: string;
      /**
       * @description The client provided name of the artifact. This field is optional. If set,
       *     it must be unique among all the artifacts of the same artifact type within
       *     a database instance and cannot be changed once set.
       */
      name?: string;
    } & components['schemas']['BaseResourceDates'];
    BaseResourceCreate: {
      /** @description User provided custom properties which are not defined by its type. */
      customProperties?: {
        [key: string]: components['schemas']['MetadataValue'];
      };
      /** @description An optional description about the resource. */
      description?: string;
      /**
       * @description The external id that come from the clients’ system. This field is optional.
       *     If set, it must be unique among all resources within a database instance.
       */
      externalId?: string;
      /**
       * @description The client provided name of the artifact. This field is optional. If set,
       *     it must be unique among all the artifacts of the same artifact type within
       *     a database instance and cannot be changed once set.
       */
      name?: string;
    };
    /** @description Common timestamp fields for resources */
    BaseResourceDates: {
      /**
       * Format: int64
       * @description Output only. Create time of the resource in millisecond since epoch.
       */
      readonly createTimeSinceEpoch?: string;
      /**
       * Format: int64
       * @description Output only. Last update time of the resource since epoch in millisecond since epoch.
       */
      readonly lastUpdateTimeSinceEpoch?: string;
    };
    BaseResourceList: {
      /** @description Token to use to retrieve next page of results. */
      nextPageToken: string;
      /**
       * Format: int32
       * @description Maximum number of resources to return in the result.
       */
      pageSize: number;
      /**
       * Format: int32
       * @description Number of items in result list.
       */
      size: number;
    };
    BaseResourceUpdate: {
      /** @description User provided custom properties which are not defined by its type. */
      customProperties?: {
        [key: string]: components['schemas']['MetadataValue'];
      };
      /** @description An optional description about the resource. */
      description?: string;
      /**
       * @description The external id that come from the clients’ system. This field is optional.
       *     If set, it must be unique among all resources within a database instance.
       */
      externalId?: string;
    };
    CallerPermissions: {
      global: components['schemas']['Permission'][];
      model?: components['schemas']['Permission'][];
    };
    CodeReference: {
      commit?: string;
      path?: string;
      repository?: string;
    };
    ComparedRow: {
      differs: boolean;
      name: string;
      values: unknown[];
    };
    Comparison: {
      fields: components['schemas']['ComparedRow'][];
      lineage: components['schemas']['ComparedRow'][];
      metrics: (components['schemas']['ComparedRow'] & {
        best: string[];
        /** @enum {string} */
        goal: 'maximize' | 'minimize';
      })[];
      params: components['schemas']['ComparedRow'][];
      properties: components['schemas']['ComparedRow'][];
      versions: {
        id: string;
        name: string;
        registeredModelId: string;
        registeredModelName: string;
      }[];
    };
    ConditionCheck: {
      condition: components['schemas']['PolicyCondition'];
      description: string;
      met: boolean;
    };
    CorruptFile: {
      /** @description Epoch milliseconds. */
      detectTime: string;
      modelVersionId: string;
      path: string;
      /** @description What differs from the manifest (a digest, the size, a missing blob). */
      reason: string;
    };
    /** @description A dataset artifact representing training or test data. */
    DataSet: components['schemas']['BaseArtifact'] &
      components['schemas']['DataSetCreate'] & {
        /** @default dataset-artifact */
        artifactType: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'dataset-artifact';
      };
    /** @description A dataset artifact to be created. */
    DataSetCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['DataSetUpdate'] & {
        /** @default dataset-artifact */
        artifactType: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'dataset-artifact';
      };
    /** @description A dataset artifact to be updated. */
    DataSetUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @default dataset-artifact */
      artifactType: string;
      /** @description A unique hash or identifier for the dataset content. */
      digest?: string;
      /** @description Statistical profile or summary of the dataset. */
      profile?: string;
      /** @description JSON schema or description of the dataset structure. */
      schema?: string;
      /** @description The location or connection string for the dataset source. */
      source?: string;
      /** @description The type of data source (e.g., "s3", "hdfs", "local", "database"). */
      sourceType?: string;
      state?: components['schemas']['ArtifactState'];
      /**
       * @description The uniform resource identifier of the physical dataset.
       *     May be empty if there is no physical dataset.
       */
      uri?: string;
    } & {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      artifactType: 'dataset-artifact';
    };
    DeclaredFile: {
      /** @description Relative, normalised, `/`-separated; no `.` or `..` segment, no control character; at most 1024 UTF-8 bytes. */
      path: string;
      /** @description The file's sha256 (64 hex digits), checked when its last byte arrives. */
      sha256?: string;
      /** Format: int64 */
      size: number;
    };
    DeploymentEvent: {
      /** @enum {string} */
      action: 'deploy' | 'undeploy';
      actor: string;
      comment?: string;
      endpoint?: string;
      environment?: string;
      id: string;
      inferenceServiceId: string;
      modelVersionId: string;
      registeredModelId: string;
      sequence: components['schemas']['HistorySequence'];
      servingEnvironmentId: string;
      timeSinceEpoch: string;
      version?: string;
    };
    DeploymentEventList: {
      items: components['schemas']['DeploymentEvent'][];
      size: number;
    };
    DeploymentRequest: {
      /** @enum {string} */
      action: 'deploy' | 'undeploy';
      comment?: string;
      endpoint?: string;
      /** @description Serving environment name (created if new) */
      environment: string;
      /** @description Inference service name (default: the model's name) */
      inferenceService?: string;
      modelVersionId: string;
    };
    /** @description A document. */
    DocArtifact: components['schemas']['BaseArtifact'] &
      components['schemas']['DocArtifactCreate'] & {
        /** @default doc-artifact */
        artifactType: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'doc-artifact';
      };
    /** @description A document artifact to be created. */
    DocArtifactCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['DocArtifactUpdate'] & {
        /** @default doc-artifact */
        artifactType: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'doc-artifact';
      };
    /** @description A document artifact to be updated. */
    DocArtifactUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @default doc-artifact */
      artifactType: string;
      state?: components['schemas']['ArtifactState'];
      /**
       * @description The uniform resource identifier of the physical artifact.
       *     May be empty if there is no physical artifact.
       */
      uri?: string;
    } & {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      artifactType: 'doc-artifact';
    };
    /** @description Error code and message. */
    Error: {
      /** @description Error code */
      code: string;
      /** @description Error message */
      message: string;
    };
    /**
     * @description The state of the Execution. The state transitions are
     *       NEW -> RUNNING -> COMPLETE | CACHED | FAILED | CANCELED
     *     CACHED means the execution is skipped due to cached results.
     *     CANCELED means the execution is skipped due to precondition not met. It is
     *     different from CACHED in that a CANCELED execution will not have any event
     *     associated with it. It is different from FAILED in that there is no
     *     unexpected error happened and it is regarded as a normal state.
     *
     *     See also: ml-metadata Execution.State
     * @default UNKNOWN
     * @enum {string}
     */
    ExecutionState: 'UNKNOWN' | 'NEW' | 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CACHED' | 'CANCELED';
    /** @description An experiment in model registry. An experiment has ExperimentRun children. */
    Experiment: components['schemas']['BaseResource'] & components['schemas']['ExperimentCreate'];
    /** @description An experiment in model registry. An experiment has ExperimentRun children. */
    ExperimentCreate: WithRequired<components['schemas']['BaseResourceCreate'], 'name'> &
      components['schemas']['ExperimentUpdate'] & {
        /**
         * @description The client provided name of the experiment. It must be unique among all the Experiments of the same
         *     type within a Model Registry instance and cannot be changed once set.
         */
        name: string;
      };
    /** @description List of Experiments. */
    ExperimentList: {
      items: components['schemas']['Experiment'][];
    } & components['schemas']['BaseResourceList'];
    /** @description Represents an ExperimentRun belonging to an Experiment. */
    ExperimentRun: components['schemas']['ExperimentRunCreate'] & components['schemas']['BaseResource'];
    /** @description Represents an ExperimentRun belonging to an Experiment. */
    ExperimentRunCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['ExperimentRunUpdate'] & {
        /**
         * Format: int64
         * @description ID of the `Experiment` to which this experiment run belongs.
         */
        experimentId: string;
        /**
         * @description The client provided name of the experiment run. It must be unique among all the ExperimentRuns of the same
         *     type within a Model Registry instance and cannot be changed once set.
         */
        name?: string;
        /**
         * Format: int64
         * @description Start time of the experiment run in milliseconds since epoch.
         *     Different from createTimeSinceEpoch, which is registry resource creation time.
         */
        startTimeSinceEpoch?: string;
      };
    /** @description List of ExperimentRun entities. */
    ExperimentRunList: {
      /** @description Array of `ExperimentRun` entities. */
      items: components['schemas']['ExperimentRun'][];
    } & components['schemas']['BaseResourceList'];
    /**
     * @description - LIVE: A state indicating that the `ExperimentRun` exists
     *     - ARCHIVED: A state indicating that the `ExperimentRun` has been archived.
     * @default LIVE
     * @enum {string}
     */
    ExperimentRunState: 'LIVE' | 'ARCHIVED';
    /**
     * @description The state of the Experiment Run. The state transitions are
     *       [SCHEDULED ->] RUNNING -> FINISHED | FAILED | KILLED
     *     RUNNING: Run has been initiated.
     *     SCHEDULED: Run is scheduled to run at a later time.
     *     FINISHED: Run has completed.
     *     FAILED: Run execution failed.
     *     KILLED: Run killed by user.
     * @default RUNNING
     * @enum {string}
     */
    ExperimentRunStatus: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
    /** @description Represents an ExperimentRun belonging to an Experiment. */
    ExperimentRunUpdate: components['schemas']['BaseResourceUpdate'] & {
      /**
       * Format: int64
       * @description End time of the actual experiment run in milliseconds since epoch.
       *     Different from lastUpdateTimeSinceEpoch, which is registry resource update time.
       */
      endTimeSinceEpoch?: string;
      /** @description Experiment run owner id or name. */
      owner?: string;
      state?: components['schemas']['ExperimentRunState'];
      status?: components['schemas']['ExperimentRunStatus'];
    };
    /**
     * @description - LIVE: A state indicating that the `Experiment` exists
     *     - ARCHIVED: A state indicating that the `Experiment` has been archived.
     * @default LIVE
     * @enum {string}
     */
    ExperimentState: 'LIVE' | 'ARCHIVED';
    /** @description An experiment in model registry. An experiment has ExperimentRun children. */
    ExperimentUpdate: components['schemas']['BaseResourceUpdate'] & {
      owner?: string;
      state?: components['schemas']['ExperimentState'];
    };
    GarbageCollectionReport: {
      dryRun: boolean;
      /** @description Ids of the idle uploads expired (in a dry run, that would be). */
      expiredUploads: string[];
      /** @description Stored units kept (referenced, or within the grace period). */
      kept: number;
      removed: {
        key: string;
        /** Format: int64 */
        size: number;
      }[];
      /** Format: int64 */
      removedBytes: number;
    };
    GarbageCollectionRequest: {
      /** @description Report what would be removed, remove nothing (default false). */
      dryRun?: boolean;
      /** @description Keep whatever was written more recently than this (default 3600). */
      graceSeconds?: number;
    };
    Grant: {
      createdBy: string;
      createTimeSinceEpoch: string;
      id: string;
      principal: string;
      /** @enum {string} */
      principalType: 'user' | 'group';
      registeredModelId?: string;
      role: components['schemas']['Role'];
    };
    GrantCreate: {
      principal: string;
      /** @enum {string} */
      principalType: 'user' | 'group';
      /** @description The grant holds on this registered model only; absent, on every model. */
      registeredModelId?: string;
      role: components['schemas']['Role'];
    };
    GrantList: {
      items: components['schemas']['Grant'][];
      size: number;
    };
    /** @description The row's place in its registered model's history (stage moves, alias moves or deployments), in commit order: the last move has the highest. Times never go back along it, whichever replica recorded the move. */
    HistorySequence: string;
    /** @description An `InferenceService` entity in a `ServingEnvironment` represents a deployed `ModelVersion` from a `RegisteredModel` created by Model Serving. */
    InferenceService: components['schemas']['BaseResource'] & components['schemas']['InferenceServiceCreate'];
    /** @description An `InferenceService` entity in a `ServingEnvironment` represents a deployed `ModelVersion` from a `RegisteredModel` created by Model Serving. */
    InferenceServiceCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['InferenceServiceUpdate'] & {
        /**
         * Format: int64
         * @description ID of the `RegisteredModel` to serve.
         */
        registeredModelId: string;
        /**
         * Format: int64
         * @description ID of the parent `ServingEnvironment` for this `InferenceService` entity.
         */
        servingEnvironmentId: string;
      };
    /** @description List of InferenceServices. */
    InferenceServiceList: {
      items: components['schemas']['InferenceService'][];
    } & components['schemas']['BaseResourceList'];
    /**
     * @description - DEPLOYED: A state indicating that the `InferenceService` should be deployed.
     *     - UNDEPLOYED: A state indicating that the `InferenceService` should be un-deployed.
     *     The state indicates the desired state of inference service.
     *     See the associated `ServeModel` for the actual status of service deployment action.
     * @default DEPLOYED
     * @enum {string}
     */
    InferenceServiceState: 'DEPLOYED' | 'UNDEPLOYED';
    /** @description An `InferenceService` entity in a `ServingEnvironment` represents a deployed `ModelVersion` from a `RegisteredModel` created by Model Serving. */
    InferenceServiceUpdate: components['schemas']['BaseResourceUpdate'] & {
      desiredState?: components['schemas']['InferenceServiceState'];
      /**
       * Format: int64
       * @description ID of the `ModelVersion` to serve. If it's unspecified, then the latest `ModelVersion` by creation order will be served.
       */
      modelVersionId?: string;
      /** @description Model runtime. */
      runtime?: string;
    };
    KServeDeploymentEvent: components['schemas']['DeploymentEvent'] & {
      inferenceService: string;
    };
    KServeDeploymentRequest: {
      alias?: string;
      canaryPercent?: number;
      comment?: string;
      endpoint?: string;
      /** @enum {string} */
      mode: 'Standard' | 'Knative';
      modelVersionId: string;
      name?: string;
      namespace: string;
      stableVersionId?: string;
    };
    KServeDrift: {
      /** @enum {string} */
      kind:
        | 'NOT_SERVED'
        | 'VERSION_DIFFERS'
        | 'UNKNOWN_SERVED'
        | 'DIGEST_MISMATCH'
        | 'STAGE_MISMATCH'
        | 'ALIAS_MOVED';
      message: string;
      name: string;
      namespace: string;
      recordedVersionId?: string;
      servedVersionId?: string;
    };
    KServeObservedService: {
      canaryPercent?: number;
      failure?: {
        message?: string;
        reason?: string;
      };
      latestReadyRevision?: string;
      mode?: string;
      modelVersionId?: string;
      name: string;
      namespace: string;
      /** @enum {string} */
      ready: 'True' | 'False' | 'Unknown';
      reason?: string;
      runtime?: string;
      served: {
        alias?: string;
        contentDigest?: string;
        model?: string;
        modelVersionId?: string;
        registeredModelId?: string;
        version?: string;
      };
      storageUri?: string;
      url?: string;
    };
    KServePlan: {
      expectedRuntime?: string;
      manifest: {
        /** @enum {string} */
        apiVersion: 'serving.kserve.io/v1beta1';
        /** @enum {string} */
        kind: 'InferenceService';
        metadata: Record<string, never>;
        spec: Record<string, never>;
      };
      /** @enum {string} */
      mode: 'Standard' | 'Knative';
      modelVersionId: string;
      stableVersionId?: string;
    };
    KServeSyncReportList: {
      items: {
        actor: string;
        drift: components['schemas']['KServeDrift'][];
        namespace: string;
        observedAt: string;
        services: components['schemas']['KServeObservedService'][];
      }[];
      size: number;
    };
    LineageGraph: {
      depth: number;
      /** @enum {string} */
      direction: 'upstream' | 'downstream' | 'both';
      edges: {
        from: string;
        to: string;
        /** @enum {string} */
        type:
          | 'trained-on'
          | 'built-from'
          | 'produced-by'
          | 'deployed-as'
          | 'fine-tuned-from'
          | 'distilled-from'
          | 'quantized-from'
          | 'derived-from';
      }[];
      nodes: {
        attributes: {
          [key: string]: (string | number | boolean) | null;
        };
        depth: number;
        id: string;
        key: string;
        /** @enum {string} */
        kind: 'modelVersion' | 'dataset' | 'commit' | 'experimentRun' | 'pipelineRun' | 'inferenceService';
        label: string;
      }[];
      root: string;
      truncated: boolean;
    };
    /** @description The query parameters of a list operation, as the body of its `POST …/search` twin: the same names, values and errors as in the URL (pageSize may also be a JSON number). */
    ListQuery: {
      artifactType?: string;
      externalId?: string;
      /**
       * @description A filterQuery as the list takes it (at most 10,000 characters).
       * @example name = 'mnist' AND accuracy > 0.9
       */
      filterQuery?: string;
      /** @description metrics and/or params, comma-separated (model version lists) */
      include?: string;
      name?: string;
      nextPageToken?: string;
      orderBy?: string;
      pageSize?: string | number;
      sortOrder?: string;
      /** @description comma-separated steps (metric history) */
      stepIds?: string;
    };
    Manifest: {
      /** @description Present when stored content of the version no longer matches the manifest (found by a download or a verification run): those files are never served (CONTENT_CORRUPT). */
      corruptFiles?: components['schemas']['CorruptFile'][];
      /** @description Epoch milliseconds. */
      createTime: string;
      fileCount: number;
      /** @description Sorted by path, byte order. */
      files: components['schemas']['ManifestFile'][];
      modelVersionId: string;
      /** @description `sha256:<hex>` over one line per file, sorted by path (byte order): `<sha256 hex>  <size>  <path>\n`. */
      rootDigest: string;
      /** Format: int64 */
      totalSize: number;
      /** @description Where a consumer fetches the content (the ModelArtifact's uri). */
      uri: string;
    };
    ManifestFile: {
      path: string;
      sha256: string;
      /** Format: int64 */
      size: number;
    };
    /** @description A bool property value. */
    MetadataBoolValue: {
      bool_value: boolean;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataBoolValue';
    };
    /** @description A double property value. */
    MetadataDoubleValue: {
      /** Format: double */
      double_value: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataDoubleValue';
    };
    /** @description An integer (int32) property value. */
    MetadataIntValue: {
      /** Format: int32 */
      int_value: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataIntValue';
    };
    /** @description A proto property value. */
    MetadataProtoValue: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataProtoValue';
      /**
       * Format: byte
       * @description Base64 encoded bytes for proto value
       */
      proto_value: string;
      /** @description url describing proto value */
      type: string;
    };
    /** @description A string property value. */
    MetadataStringValue: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataStringValue';
      string_value: string;
    };
    /** @description A struct property value. */
    MetadataStructValue: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      metadataType: 'MetadataStructValue';
      /**
       * Format: byte
       * @description Base64 encoded bytes for struct value
       */
      struct_value: string;
    };
    /**
     * @description A value in properties.
     * @example {
     *       "string_value": "my_value",
     *       "metadataType": "MetadataStringValue"
     *     }
     */
    MetadataValue:
      | components['schemas']['MetadataIntValue']
      | components['schemas']['MetadataDoubleValue']
      | components['schemas']['MetadataStringValue']
      | components['schemas']['MetadataStructValue']
      | components['schemas']['MetadataProtoValue']
      | components['schemas']['MetadataBoolValue'];
    /** @description A metric representing a numerical measurement from model training or evaluation. */
    Metric: components['schemas']['BaseArtifact'] &
      components['schemas']['MetricCreate'] & {
        /** @default metric */
        artifactType: string;
      } & {
        /** @description modelreg extension. A location the client gave the metric, as any artifact may have. */
        uri?: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'metric';
      };
    /** @description A metric to be created. */
    MetricCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['MetricUpdate'] & {
        /** @default metric */
        artifactType: string;
        /** @description The name/key of the metric (e.g., "accuracy", "loss", "f1_score"). */
        name?: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'metric';
      };
    MetricGoals: {
      goals: {
        [key: string]: 'maximize' | 'minimize';
      };
    };
    /** @description List of Metric entities. */
    MetricList: {
      /** @description Array of `Metric` entities. */
      items: components['schemas']['Metric'][];
    } & components['schemas']['BaseResourceList'];
    /** @description A metric to be updated. */
    MetricUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @default metric */
      artifactType: string;
      state?: components['schemas']['ArtifactState'];
      /**
       * Format: int64
       * @description The step number for multi-step metrics (e.g., training epochs).
       */
      step?: number;
      /**
       * Format: int64
       * @description Unix timestamp in milliseconds when the metric was recorded.
       */
      timestamp?: string;
      /**
       * Format: double
       * @description The numeric value of the metric.
       */
      value?: number;
    } & {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      artifactType: 'metric';
    };
    ModelAlias: {
      alias: string;
      modelVersionId: string;
      updateTimeSinceEpoch: string;
    };
    ModelAliasList: {
      items: components['schemas']['ModelAlias'][];
      size: number;
    };
    /** @description An ML model artifact. */
    ModelArtifact: components['schemas']['BaseArtifact'] &
      components['schemas']['ModelArtifactCreate'] & {
        /** @default model-artifact */
        artifactType: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'model-artifact';
      };
    /** @description An ML model artifact. */
    ModelArtifactCreate: {
      /** @default model-artifact */
      artifactType: string;
    } & (components['schemas']['BaseResourceCreate'] &
      components['schemas']['ModelArtifactUpdate'] & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'model-artifact';
      });
    /** @description List of ModelArtifact entities. */
    ModelArtifactList: {
      /** @description Array of `ModelArtifact` entities. */
      items: components['schemas']['ModelArtifact'][];
    } & components['schemas']['BaseResourceList'];
    /** @description An ML model artifact to be updated. */
    ModelArtifactUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @default model-artifact */
      artifactType: string;
      /** @description Name of the model format. */
      modelFormatName?: string;
      /** @description Version of the model format. */
      modelFormatVersion?: string;
      /**
       * @description A subgroup within the source kind. It is a specific sub-component or instance within the source kind.
       *     E.g. `pipelinerun` for a Kubeflow pipeline run.
       */
      modelSourceClass?: string;
      /**
       * @description Unique identifier for a source group for models from source class.
       *     It maps to a physical group of source models.
       *     E.g. a Kubernetes namespace where the pipeline run was executed.
       */
      modelSourceGroup?: string;
      /**
       * @description A unique identifier for a source model within kind, class, and group.
       *     It should be a url friendly string if source supports using URLs to locate source models.
       *     E.g. a pipeline run ID.
       */
      modelSourceId?: string;
      /**
       * @description A string identifier describing the source kind. It differentiates various sources of model artifacts.
       *     This identifier should be agreed upon by producers and consumers of source model metadata.
       *     It is not an enumeration to keep the source of model metadata open ended.
       *     E.g. Kubeflow pipelines could use `pipelines` to identify models it produces.
       */
      modelSourceKind?: string;
      /**
       * @description A human-readable name for the source model.
       *     E.g. `my-project/1`, `ibm-granite/granite-3.1-8b-base:2.1.2`.
       */
      modelSourceName?: string;
      /** @description Name of the service account with storage secret. */
      serviceAccountName?: string;
      state?: components['schemas']['ArtifactState'];
      /** @description Storage secret name. */
      storageKey?: string;
      /** @description Path for model in storage provided by `storageKey`. */
      storagePath?: string;
      /**
       * @description The uniform resource identifier of the physical artifact.
       *     May be empty if there is no physical artifact.
       */
      uri?: string;
    } & {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      artifactType: 'model-artifact';
    };
    /** @description The error body modelreg answers with. It is the reference's `Error` (code: the HTTP reason phrase; message: what went wrong) with two more fields, which the reference's schema allows. The responses keep referring to `Error`, so a client generated from the reference reads them unchanged. */
    ModelregError: components['schemas']['Error'] & {
      /**
       * @description A stable, machine-readable code for the failure (docs/errors.md).
       * @example REGISTERED_MODEL_NOT_FOUND
       */
      errorCode: string;
      /** @description The request's id: the `x-request-id` header when the client sent a usable one, else one made by the server. The server log records it too. */
      requestId: string;
    };
    ModelSummary: {
      latestVersion?: components['schemas']['VersionHead'];
      permissions: components['schemas']['Permission'][];
      /** @description The newest of the model's versions in stage Production. */
      productionVersion?: components['schemas']['VersionHead'];
      registeredModel: components['schemas']['RegisteredModel'];
      /** @description Versions per stage (stages without versions are left out). */
      stageCounts: {
        Archived?: number;
        Development?: number;
        Production?: number;
        Staging?: number;
      };
      versionCount: number;
    };
    ModelSummaryList: {
      items: components['schemas']['ModelSummary'][];
      nextPageToken: string;
      pageSize: number;
      size: number;
    };
    /** @description Represents a ModelVersion belonging to a RegisteredModel. */
    ModelVersion: components['schemas']['ModelVersionCreate'] &
      components['schemas']['BaseResource'] & {
        /** @description modelreg extension, on version lists asked with `include=metrics`: the version's metrics, name to value. */
        readonly metrics?: {
          [key: string]: number;
        };
        /** @description modelreg extension, on version lists asked with `include=params`: the version's parameters, name to value. */
        readonly params?: {
          [key: string]: (string | number | boolean) | null;
        };
        /** @description modelreg extension. The version's stage; it changes only by POST …/stage. Accepted in a request so that a version read and sent back validates; a different stage is a 400. */
        stage?: components['schemas']['Stage'];
      };
    /** @description Represents a ModelVersion belonging to a RegisteredModel. */
    ModelVersionCreate: WithRequired<components['schemas']['BaseResourceCreate'], 'name'> &
      components['schemas']['ModelVersionUpdate'] & {
        /**
         * @description The client provided name of the model's version. It must be unique among all the ModelVersions of the same
         *     type within a Model Registry instance and cannot be changed once set.
         */
        name: string;
        /**
         * Format: int64
         * @description ID of the `RegisteredModel` to which this version belongs.
         */
        registeredModelId: string;
      };
    /** @description List of ModelVersion entities. */
    ModelVersionList: {
      /** @description Array of `ModelVersion` entities. */
      items: components['schemas']['ModelVersion'][];
    } & components['schemas']['BaseResourceList'];
    /**
     * @description - LIVE: A state indicating that the `ModelVersion` exists
     *     - ARCHIVED: A state indicating that the `ModelVersion` has been archived.
     * @default LIVE
     * @enum {string}
     */
    ModelVersionState: 'LIVE' | 'ARCHIVED';
    /** @description Represents a ModelVersion belonging to a RegisteredModel. */
    ModelVersionUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @description Name of the author. */
      author?: string;
      state?: components['schemas']['ModelVersionState'];
    };
    NewApiToken: components['schemas']['ApiToken'] & {
      /** @description The bearer token (`mrt_<id>_<secret>`), shown only in this answer. */
      token: string;
    };
    /**
     * @description Supported fields for ordering result entities.
     * @enum {string}
     */
    OrderByField: 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'ID' | 'NAME' | 'VERSION';
    /** @description A parameter representing a configuration parameter used in model training or execution. */
    Parameter: components['schemas']['BaseArtifact'] &
      components['schemas']['ParameterCreate'] & {
        /** @default parameter */
        artifactType: string;
      } & {
        /** @description modelreg extension. A location the client gave the parameter, as any artifact may have. */
        uri?: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'parameter';
      };
    /** @description A parameter to be created. */
    ParameterCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['ParameterUpdate'] & {
        /** @default parameter */
        artifactType: string;
        /** @description The name/key of the parameter (e.g., "learning_rate", "batch_size", "epochs"). */
        name?: string;
      } & {
        /**
         * @description discriminator enum property added by openapi-typescript
         * @enum {string}
         */
        artifactType: 'parameter';
      };
    /**
     * @description The data type of the parameter (e.g., "string", "number", "boolean", "object").
     * @enum {unknown}
     */
    ParameterType: 'string' | 'number' | 'boolean' | 'object';
    /** @description A parameter to be updated. */
    ParameterUpdate: components['schemas']['BaseResourceUpdate'] & {
      /** @default parameter */
      artifactType: string;
      /** @default string */
      parameterType: components['schemas']['ParameterType'];
      state?: components['schemas']['ArtifactState'];
      /** @description The value of the parameter. */
      value?: string;
    } & {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      artifactType: 'parameter';
    };
    ParentLink: {
      createTimeSinceEpoch: string;
      modelVersionId: string;
      parentVersionId: string;
      relation: components['schemas']['ParentRelation'];
    };
    /** @enum {string} */
    ParentRelation: 'fine-tuned-from' | 'distilled-from' | 'quantized-from' | 'derived-from';
    /** @enum {string} */
    Permission: 'read' | 'write' | 'promote' | 'admin';
    /** @description One condition of a promotion policy, by `type`: a metric's value compared with a number, a custom property present, a number of approvals, or lineage facts recorded. */
    PolicyCondition:
      | {
          name: string;
          /** @enum {string} */
          op: '>=' | '>' | '<=' | '<' | '=';
          /** @enum {string} */
          type: 'metric';
          value: number;
        }
      | {
          name: string;
          /** @enum {string} */
          type: 'property';
        }
      | {
          count: number;
          /** @enum {string} */
          type: 'approvals';
        }
      | {
          require: ('dataset' | 'code' | 'pipelineRun' | 'experimentRun' | 'parent')[];
          /** @enum {string} */
          type: 'lineage';
        };
    /** @description modelreg extension. Who a request acts as. */
    Principal: {
      groups: string[];
      /** @enum {string} */
      method: 'none' | 'anonymous' | 'token' | 'oidc' | 'header';
      roles: {
        registeredModelId?: string;
        role: components['schemas']['Role'];
      }[];
      subject: string;
    };
    ProductionList: {
      items: {
        deployments: {
          endpoint?: string;
          environment?: string;
          inferenceService: string;
          inferenceServiceId: string;
          servingEnvironmentId: string;
        }[];
        model?: string;
        modelVersionId: string;
        registeredModelId: string;
        version: string;
      }[];
      size: number;
    };
    PromotionPolicyList: {
      items: {
        conditions: components['schemas']['PolicyCondition'][];
        stage: components['schemas']['Stage'];
      }[];
      size: number;
    };
    /** @description A registered model in model registry. A registered model has ModelVersion children. */
    RegisteredModel: components['schemas']['BaseResource'] &
      components['schemas']['RegisteredModelCreate'] & {
        /**
         * @description modelreg extension. `semver`: the model's version names are semantic versions that `bump` and version ranges order by; `free` (the default): any name.
         * @enum {string}
         */
        versionScheme?: 'free' | 'semver';
      };
    /** @description A registered model in model registry. A registered model has ModelVersion children. */
    RegisteredModelCreate: WithRequired<components['schemas']['BaseResourceCreate'], 'name'> &
      components['schemas']['RegisteredModelUpdate'] & {
        /**
         * @description The client provided name of the model. It must be unique among all the RegisteredModels of the same
         *     type within a Model Registry instance and cannot be changed once set.
         */
        name: string;
      };
    /** @description List of RegisteredModels. */
    RegisteredModelList: {
      items: components['schemas']['RegisteredModel'][];
    } & components['schemas']['BaseResourceList'];
    /**
     * @description - LIVE: A state indicating that the `RegisteredModel` exists
     *     - ARCHIVED: A state indicating that the `RegisteredModel` has been archived.
     * @default LIVE
     * @enum {string}
     */
    RegisteredModelState: 'LIVE' | 'ARCHIVED';
    /** @description A registered model in model registry. A registered model has ModelVersion children. */
    RegisteredModelUpdate: components['schemas']['BaseResourceUpdate'] &
      components['schemas']['BaseModel'] & {
        owner?: string;
        state?: components['schemas']['RegisteredModelState'];
      };
    Registration: {
      createdRegisteredModel: boolean;
      datasets: components['schemas']['DataSet'][];
      lineage: components['schemas']['VersionLineage'];
      metrics: components['schemas']['Metric'][];
      modelArtifact?: components['schemas']['ModelArtifact'];
      modelVersion: components['schemas']['ModelVersion'];
      params: components['schemas']['Parameter'][];
      registeredModel: components['schemas']['RegisteredModel'];
    };
    RegistrationRequest: {
      code?: components['schemas']['CodeReference'];
      datasets?: {
        digest?: string;
        name: string;
        source?: string;
        sourceType?: string;
        uri: string;
      }[];
      experimentRunId?: string;
      metrics?: {
        dataset?: string;
        name: string;
        step?: string;
        timestamp?: string;
        value: number;
      }[];
      /** @description A ModelArtifactCreate; its name defaults to the model's name. */
      modelArtifact?: components['schemas']['ModelArtifactCreate'] & {
        /** @enum {string} */
        artifactType?: 'model-artifact' | 'doc-artifact' | 'dataset-artifact' | 'metric' | 'parameter';
        digest?: string;
        experimentId?: string;
        experimentRunId?: string;
        /** @enum {string} */
        parameterType?: 'string' | 'number' | 'boolean' | 'object';
        profile?: string;
        schema?: string;
        source?: string;
        sourceType?: string;
        step?: string;
        timestamp?: string;
        value?: number | string | boolean;
      };
      /** @description A ModelVersionCreate without registeredModelId (ignored: the model above is the parent); `name`, or `bump` (major|minor|patch). */
      modelVersion: components['schemas']['BaseResourceCreate'] &
        components['schemas']['ModelVersionUpdate'] & {
          /** @enum {string} */
          bump?: 'major' | 'minor' | 'patch';
          /** @description The version's name; absent, `bump` names it after the model's highest semantic version. */
          name?: string;
          /** @description Ignored; the model above is the version's parent. */
          registeredModelId?: string;
          /** @description Accepted so that a version read and sent back validates. */
          stage?: components['schemas']['Stage'];
        };
      params?: {
        [key: string]: string | number | boolean;
      };
      parents?: {
        modelVersionId: string;
        relation?: components['schemas']['ParentRelation'];
      }[];
      pipelineRun?: {
        /** @description modelSourceGroup, e.g. the KFP namespace */
        group?: string;
        /** @description A Kubeflow Pipelines run id, or any CI run URL */
        id: string;
        /** @description modelSourceKind, e.g. kfp; default pipeline */
        kind?: string;
        name?: string;
      };
      /** @description A RegisteredModelCreate; `name` is required. An existing model of that name is used as is. */
      registeredModel: components['schemas']['RegisteredModelCreate'] & {
        /** @enum {string} */
        versionScheme?: 'free' | 'semver';
      };
    };
    RegistryReport: {
      findings: components['schemas']['ReportFinding'][];
      /** @description Epoch milliseconds. */
      generatedAt: string;
      thresholds: {
        stagingDays: number;
        staleModelDays: number;
        tokenUnusedDays: number;
        verifyDays: number;
      };
    };
    ReportFinding: {
      entity: {
        id: string;
        name: string;
        type: string;
      };
      /** @description The command (or API call) that fixes it. */
      fix: string;
      /** @enum {string} */
      kind:
        | 'version-without-lineage'
        | 'version-without-metrics'
        | 'version-without-content'
        | 'several-versions-in-production'
        | 'production-not-deployed'
        | 'deployed-not-in-production'
        | 'stale-model'
        | 'stale-in-staging'
        | 'alias-on-archived-version'
        | 'content-not-verified'
        | 'content-corrupt'
        | 'audit-chain-broken'
        | 'token-never-expires'
        | 'token-unused'
        | 'admin';
      /** @enum {string} */
      severity: 'info' | 'low' | 'medium' | 'high';
      why: string;
    };
    /** @enum {string} */
    Role: 'viewer' | 'editor' | 'promoter' | 'admin';
    SearchSuggestions: {
      names: string[];
      prefix: string;
      source: string;
    };
    /** @description An ML model serving action. */
    ServeModel: components['schemas']['BaseResource'] & components['schemas']['ServeModelCreate'];
    /** @description An ML model serving action. */
    ServeModelCreate: components['schemas']['BaseResourceCreate'] &
      components['schemas']['ServeModelUpdate'] & {
        /**
         * Format: int64
         * @description ID of the `ModelVersion` that was served in `InferenceService`.
         */
        modelVersionId: string;
      };
    /** @description List of ServeModel entities. */
    ServeModelList: {
      /** @description Array of `ModelArtifact` entities. */
      items: components['schemas']['ServeModel'][];
    } & components['schemas']['BaseResourceList'];
    /** @description An ML model serving action. */
    ServeModelUpdate: components['schemas']['BaseResourceUpdate'] & {
      lastKnownState?: components['schemas']['ExecutionState'];
    };
    /** @description A Model Serving environment for serving `RegisteredModels`. */
    ServingEnvironment: components['schemas']['BaseResource'] &
      components['schemas']['ServingEnvironmentCreate'];
    /** @description A Model Serving environment for serving `RegisteredModels`. */
    ServingEnvironmentCreate: WithRequired<components['schemas']['BaseResourceCreate'], 'name'> &
      components['schemas']['ServingEnvironmentUpdate'] & {
        /** @description The name of the ServingEnvironment. */
        name: string;
      };
    /** @description List of ServingEnvironments. */
    ServingEnvironmentList: {
      items: components['schemas']['ServingEnvironment'][];
    } & components['schemas']['BaseResourceList'];
    /** @description A Model Serving environment for serving `RegisteredModels`. */
    ServingEnvironmentUpdate: components['schemas']['BaseResourceUpdate'];
    /**
     * @description Supported sort direction for ordering result entities.
     * @enum {string}
     */
    SortOrder: 'ASC' | 'DESC';
    /** @enum {string} */
    Stage: 'Development' | 'Staging' | 'Production' | 'Archived';
    StageOptions: {
      modelVersionId: string;
      options: {
        allowed: boolean;
        approvals: components['schemas']['Approval'][];
        conditions: components['schemas']['ConditionCheck'][];
        ready: boolean;
        stage: components['schemas']['Stage'];
      }[];
      stage: components['schemas']['Stage'];
    };
    StageTransition: {
      actor: string;
      comment?: string;
      fromStage: components['schemas']['Stage'];
      id: string;
      modelVersionId: string;
      registeredModelId: string;
      sequence: components['schemas']['HistorySequence'];
      timeSinceEpoch: string;
      toStage: components['schemas']['Stage'];
    };
    StageTransitionList: {
      items: components['schemas']['StageTransition'][];
      size: number;
    };
    StageTransitionRequest: {
      comment?: string;
      /** @description The stage the caller saw the version in. If the version is in another stage now, the move is refused (409 STAGE_MISMATCH, naming that stage). */
      from?: components['schemas']['Stage'];
      /**
       * @description What happens to the model's other versions already in the target stage.
       * @default keep
       * @enum {string}
       */
      others: 'keep' | 'archive' | 'demote';
      stage: components['schemas']['Stage'];
    };
    Upload: {
      /** @description Epoch milliseconds. */
      createTime: string;
      /** @description Epoch milliseconds; an OPEN upload expires then unless a byte is written to it first. Absent when uploads never expire, and once the upload is no longer OPEN. */
      expireTime?: string;
      files: components['schemas']['UploadFile'][];
      id: string;
      /** @description Epoch milliseconds of the last write to it (or change of its state). */
      lastUpdateTime: string;
      modelVersionId: string;
      /**
       * @description EXPIRED: it was OPEN, and no byte was written to it for the server's `uploadExpirySeconds`; it cannot be written or committed, and `modelreg gc` discards its bytes.
       * @enum {string}
       */
      state: 'OPEN' | 'COMMITTED' | 'ABORTED' | 'EXPIRED';
    };
    /** @description A 409 of a file upload; `received` comes with UPLOAD_OFFSET_MISMATCH. */
    UploadConflictError: components['schemas']['Error'] & {
      /**
       * Format: int64
       * @description Bytes of the file durably received; resume from here.
       */
      received?: number;
    };
    UploadCreate: {
      files: components['schemas']['DeclaredFile'][];
    };
    UploadFile: {
      path: string;
      /**
       * Format: int64
       * @description Bytes durably received; a transfer resumes here.
       */
      received: number;
      /** @description The declared sha256, else the computed one once the file is complete. */
      sha256?: string;
      /** Format: int64 */
      size: number;
    };
    UploadFileProgress: {
      path: string;
      /** Format: int64 */
      received: number;
      /** @description Present once the whole file is received and verified. */
      sha256?: string;
      /** Format: int64 */
      size: number;
    };
    UploadList: {
      items: components['schemas']['Upload'][];
      size: number;
    };
    VerificationRun: {
      /** Format: int64 */
      bytesDone: number;
      /** Format: int64 */
      bytesTotal: number;
      /** @description Corrupt files this run found. */
      corruptFound: number;
      createdBy: string;
      createTime: string;
      filesDone: number;
      /** @description Files the selection held when the run started. */
      filesTotal: number;
      id: string;
      lastUpdateTime: string;
      modelVersionId?: string;
      notVerifiedForDays?: number;
      rateMBps?: number;
      registeredModelId?: string;
      /** @description Started by `serve --verify-interval`. */
      scheduled: boolean;
      /** @enum {string} */
      state: 'running' | 'done';
    };
    VerificationRunReport: {
      /** @description Every corrupt file of the run's selection (found by this run or before). */
      corruptFiles: components['schemas']['CorruptFile'][];
      run: components['schemas']['VerificationRun'];
    };
    VerificationRunRequest: {
      /** @description Only this version. */
      modelVersionId?: string;
      /** @description Only files not verified within this many days before the run started. */
      notVerifiedForDays?: number;
      /** @description Read at most this many megabytes (10^6 bytes) per second per worker. */
      rateMBps?: number;
      /** @description Only the versions of this model. */
      registeredModelId?: string;
      /** @description Start anew even when a run with the same selection is not done. */
      restart?: boolean;
    };
    VerificationRunStart: components['schemas']['VerificationRunReport'] & {
      resumed: boolean;
    };
    VerificationStep: components['schemas']['VerificationRunReport'] & {
      /** @description Corrupt files this step found. */
      found: components['schemas']['CorruptFile'][];
      /** Format: int64 */
      verifiedBytes: number;
      verifiedFiles: number;
    };
    VersionHead: {
      createTimeSinceEpoch: string;
      id: string;
      name: string;
      stage: components['schemas']['Stage'];
    };
    VersionLineage: {
      code: components['schemas']['CodeReference'];
      experimentRunId?: string;
      modelVersionId: string;
      parents?: components['schemas']['ParentLink'][];
      pipelineRun?: string;
    };
    VersionLineageRequest: {
      code?: components['schemas']['CodeReference'];
      experimentRunId?: string;
    };
  };
  responses: {
    /** @description A response containing a list of `Artifact` entities. */
    ArtifactListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ArtifactList'];
      };
    };
    /** @description A response containing an `Artifact` entity. */
    ArtifactResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Artifact'];
      };
    };
    /** @description Bad Request parameters */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Conflict with current state of target resource */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The request body is larger than the server accepts */
    ContentTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The entity was deleted; no body. */
    Deleted: {
      headers: {
        [name: string]: unknown;
      };
      content?: never;
    };
    /** @description The file's sha256 differs from the declared one; its bytes were discarded. */
    DigestMismatch: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A response containing a list of `Experiment` entities. */
    ExperimentListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ExperimentList'];
      };
    };
    /** @description A response containing an `Experiment` entity. */
    ExperimentResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Experiment'];
      };
    };
    /** @description A response containing a list of `ExperimentRun` entities. */
    ExperimentRunListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ExperimentRunList'];
      };
    };
    /** @description A response containing an `ExperimentRun` entity. */
    ExperimentRunResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ExperimentRun'];
      };
    };
    /** @description The file's bytes (a range of them for 206). */
    FileBytes: {
      headers: {
        'Accept-Ranges'?: string;
        'Content-Range'?: string;
        /** @description `"sha256:<hex>"` */
        ETag?: string;
        'X-Checksum-Sha256'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/octet-stream': string;
      };
    };
    /** @description The caller is authenticated but may not do this. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A response containing a list of `InferenceService` entities. */
    InferenceServiceListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['InferenceServiceList'];
      };
    };
    /** @description A response containing a `InferenceService` entity. */
    InferenceServiceResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['InferenceService'];
      };
    };
    /** @description Unexpected internal server error */
    InternalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A response containing a list of Metric entities. */
    MetricListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['MetricList'];
      };
    };
    /** @description A response containing a list of ModelArtifact entities. */
    ModelArtifactListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ModelArtifactList'];
      };
    };
    /** @description A response containing a `ModelArtifact` entity. */
    ModelArtifactResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ModelArtifact'];
      };
    };
    /** @description A response containing a list of `ModelVersion` entities. */
    ModelVersionListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ModelVersionList'];
      };
    };
    /** @description A response containing a `ModelVersion` entity. */
    ModelVersionResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ModelVersion'];
      };
    };
    /** @description The specified resource was not found */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Not ready; the body says what failed. */
    NotReady: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'text/plain': string;
      };
    };
    /** @description A promotion policy refuses the move; the message names every unmet condition. */
    PreconditionFailed: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Ready. */
    Ready: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'text/plain': 'OK';
      };
    };
    /** @description A response containing a list of `RegisteredModel` entities. */
    RegisteredModelListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RegisteredModelList'];
      };
    };
    /** @description A response containing a `RegisteredModel` entity. */
    RegisteredModelResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RegisteredModel'];
      };
    };
    /** @description The request body did not arrive within the request timeout; the connection is closed. */
    RequestTimeout: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A response containing a list of `ServeModel` entities. */
    ServeModelListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ServeModelList'];
      };
    };
    /** @description A response containing a `ServeModel` entity. */
    ServeModelResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ServeModel'];
      };
    };
    /** @description Service is unavailable */
    ServiceUnavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A response containing a list of `ServingEnvironment` entities. */
    ServingEnvironmentListResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ServingEnvironmentList'];
      };
    };
    /** @description A response containing a `ServingEnvironment` entity. */
    ServingEnvironmentResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ServingEnvironment'];
      };
    };
    /** @description Too many refused requests from this client; see Retry-After (a valid credential is still served). */
    TooManyRequests: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Unauthorized */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Unprocessable Entity error */
    UnprocessableEntity: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description UPLOAD_OFFSET_MISMATCH (with `received`), UPLOAD_BUSY, UPLOAD_NOT_OPEN. */
    UploadConflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['UploadConflictError'];
      };
    };
    /** @description URI_TOO_LONG: the path and query string are longer than 16 KiB. A list's long filterQuery goes in the body of its `POST …/search` operation instead. */
    UriTooLong: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @description Specifies the artifact type for listing artifacts. */
    artifactType: components['schemas']['ArtifactTypeQueryParam'];
    /** @description External ID of entity to search. */
    externalId: string;
    /** @description A file path of the manifest, each segment percent-encoded (encodeURIComponent per segment, joined with `/`). Unlike other path parameters it spans several segments. */
    FilePath: string;
    /**
     * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
     *
     *     **Supported Operators:**
     *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
     *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
     *     - Set membership: `IN`
     *     - Logical: `AND`, `OR`
     *     - Grouping: `()` for complex expressions
     *
     *     **Data Types:**
     *     - Strings: `"value"` or `'value'`
     *     - Numbers: `42`, `3.14`, `1e-5`
     *     - Booleans: `true`, `false` (case-insensitive)
     *
     *     **Property Access:**
     *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
     *     - Custom properties: Any user-defined property name
     *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
     *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
     *
     *     **Examples:**
     *     - Basic: `name = "my-model"`
     *     - Comparison: `accuracy > 0.95`
     *     - Pattern: `name LIKE "%tensorflow%"`
     *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
     *     - Custom property: `framework.string_value = "pytorch"`
     *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
     */
    filterQuery: string;
    /** @description The ID of resource. */
    id: string;
    /** @description Name of entity to search. */
    name: string;
    /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
    nextPageToken: string;
    /** @description Specifies the order by criteria for listing entities. */
    orderBy: components['schemas']['OrderByField'];
    /** @description Number of entities in each page. */
    pageSize: string;
    /** @description ID of the parent resource to use for search. */
    parentResourceId: string;
    /** @description A verification run's id. */
    runId: string;
    /** @description Specifies the sort order for listing entities, defaults to ASC. */
    sortOrder: components['schemas']['SortOrder'];
    /** @description Comma-separated list of step IDs to filter metrics by. */
    stepIds: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  findArtifact: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getArtifacts: {
    parameters: {
      query?: {
        /** @description Specifies the artifact type for listing artifacts. */
        artifactType?: components['parameters']['artifactType'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `Artifact` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ArtifactCreate'];
      };
    };
    responses: {
      201: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Artifact`. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Artifact`. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Artifact`. */
        id: string;
      };
      cookie?: never;
    };
    /** @description Updated `Artifact` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ArtifactUpdate'];
      };
    };
    responses: {
      200: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchArtifacts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getAuditEvents: {
    parameters: {
      query?: {
        action?: string;
        actor?: string;
        entityId?: string;
        entityType?: string;
        nextPageToken?: string;
        outcome?: 'success' | 'denied';
        pageSize?: string;
        /** @description The events one request made (its `x-request-id`). */
        requestId?: string;
        since?: string;
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of events. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEventList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  verifyAuditTrail: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Whether the chain holds. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditChainCheck'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  compareModelVersions: {
    parameters: {
      query: {
        goals?: string;
        versionIds: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The comparison. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Comparison'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findExperiment: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findExperimentRun: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentRunResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentRuns: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentRunListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createExperimentRun: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `ExperimentRun` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ExperimentRunCreate'];
      };
    };
    responses: {
      201: components['responses']['ExperimentRunResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      422: components['responses']['UnprocessableEntity'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentRunResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteExperimentRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateExperimentRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    /** @description Updated `ExperimentRun` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ExperimentRunUpdate'];
      };
    };
    responses: {
      200: components['responses']['ExperimentRunResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentRunArtifacts: {
    parameters: {
      query?: {
        /** @description Specifies the artifact type for listing artifacts. */
        artifactType?: components['parameters']['artifactType'];
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  upsertExperimentRunArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    /** @description A new or existing `Artifact` to be associated with the `ExperimentRun`. */
    requestBody: {
      content: {
        'application/json': components['schemas']['Artifact'];
      };
    };
    responses: {
      200: components['responses']['ArtifactResponse'];
      201: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperimentRunArtifacts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentRunMetricHistory: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
        /** @description Comma-separated list of step IDs to filter metrics by. */
        stepIds?: components['parameters']['stepIds'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['MetricListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperimentRunMetricHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `ExperimentRun`. */
        experimentrunId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['MetricListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentRunsMetricHistory: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
        /** @description Comma-separated list of step IDs to filter metrics by. */
        stepIds?: components['parameters']['stepIds'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['MetricListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperimentRunsMetricHistory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['MetricListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperimentRuns: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ExperimentRunListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperiments: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `Experiment` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ExperimentCreate'];
      };
    };
    responses: {
      201: components['responses']['ExperimentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    /** @description Updated `Experiment` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ExperimentUpdate'];
      };
    };
    responses: {
      200: components['responses']['ExperimentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getExperimentExperimentRuns: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ExperimentRunListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createExperimentExperimentRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    /** @description A new `ExperimentRun` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ExperimentRun'];
      };
    };
    responses: {
      201: components['responses']['ExperimentRunResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperimentExperimentRuns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for an `Experiment`. */
        experimentId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ExperimentRunListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchExperiments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ExperimentListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  collectGarbage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['GarbageCollectionRequest'];
      };
    };
    responses: {
      /** @description What was (or, in a dry run, would be) removed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GarbageCollectionReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getGrants: {
    parameters: {
      query?: {
        registeredModelId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The grants. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GrantList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createGrant: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GrantCreate'];
      };
    };
    responses: {
      /** @description The grant. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteGrant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        grantId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findInferenceService: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['InferenceServiceResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getInferenceServices: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['InferenceServiceListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createInferenceService: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `InferenceService` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['InferenceServiceCreate'];
      };
    };
    responses: {
      200: components['responses']['InferenceServiceResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getInferenceService: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['InferenceServiceResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteInferenceService: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateInferenceService: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /** @description Updated `InferenceService` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['InferenceServiceUpdate'];
      };
    };
    responses: {
      200: components['responses']['InferenceServiceResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getInferenceServiceModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['RegisteredModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getInferenceServiceServes: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ServeModelListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createInferenceServiceServe: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    /** @description A new `ServeModel` to be associated with the `InferenceService`. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ServeModelCreate'];
      };
    };
    responses: {
      201: components['responses']['ServeModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchInferenceServiceServes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ServeModelListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getInferenceServiceVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `InferenceService`. */
        inferenceserviceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchInferenceServices: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['InferenceServiceListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getKServeSyncReports: {
    parameters: {
      query?: {
        /** @description Comma-separated namespaces (default every synced one). */
        namespace?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One report per namespace. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KServeSyncReportList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  syncKServeDeployments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          inferenceServices: Record<string, never>[];
          namespaces: string[];
        };
      };
    };
    responses: {
      /** @description One report per namespace. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KServeSyncReportList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getLineage: {
    parameters: {
      query: {
        depth?: number;
        direction?: 'upstream' | 'downstream' | 'both';
        node: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The nodes and edges reached. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LineageGraph'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The metrics. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findModelArtifact: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelArtifacts: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createModelArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `ModelArtifact` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelArtifactCreate'];
      };
    };
    responses: {
      201: components['responses']['ModelArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelArtifact`. */
        modelartifactId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteModelArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelArtifact`. */
        modelartifactId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateModelArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelArtifact`. */
        modelartifactId: string;
      };
      cookie?: never;
    };
    /** @description Updated `ModelArtifact` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelArtifactUpdate'];
      };
    };
    responses: {
      200: components['responses']['ModelArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchModelArtifacts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ModelArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelSummaries: {
    parameters: {
      query?: {
        filterQuery?: string;
        nextPageToken?: string;
        /** @description The model's own columns (ID, NAME, CREATE_TIME, LAST_UPDATE_TIME), or what is kept on its row about its versions: LATEST_VERSION (the newest version's creation time), PRODUCTION_VERSION (the creation time of the newest version in Production), STAGE (its most advanced stage: Production, then Staging, Development, only Archived, no versions), OWNER. Ties are broken by id. A model without the value (no version, no Production version, no owner) comes first ascending and last descending. */
        orderBy?:
          | 'ID'
          | 'NAME'
          | 'CREATE_TIME'
          | 'LAST_UPDATE_TIME'
          | 'LATEST_VERSION'
          | 'PRODUCTION_VERSION'
          | 'STAGE'
          | 'OWNER';
        pageSize?: string;
        sortOrder?: components['schemas']['SortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of model summaries. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelSummaryList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchModelSummaries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      /** @description A page of model summaries. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelSummaryList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findModelVersion: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description ID of the parent resource to use for search. */
        parentResourceId?: components['parameters']['parentResourceId'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersions: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description modelreg extension: `metrics`, `params` or `metrics,params`; each version then carries `metrics` (name to value) and/or `params` (name to value). */
        include?: string;
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `ModelVersion` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelVersionCreate'];
      };
    };
    responses: {
      201: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      422: components['responses']['UnprocessableEntity'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    /** @description Updated `ModelVersion` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelVersionUpdate'];
      };
    };
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  approveModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          comment?: string;
          stage: components['schemas']['Stage'];
        };
      };
    };
    responses: {
      /** @description The approvals of the version for that stage. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              actor: string;
              comment?: string;
              stage: string;
              timeSinceEpoch: string;
            }[];
            size: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersionArtifacts: {
    parameters: {
      query?: {
        /** @description Specifies the artifact type for listing artifacts. */
        artifactType?: components['parameters']['artifactType'];
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  upsertModelVersionArtifact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    /** @description A new or existing `Artifact` to be associated with the `ModelVersion`. */
    requestBody: {
      content: {
        'application/json': components['schemas']['Artifact'];
      };
    };
    responses: {
      200: components['responses']['ArtifactResponse'];
      201: components['responses']['ArtifactResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchModelVersionArtifacts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ModelVersion`. */
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ArtifactListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  downloadModelVersionContent: {
    parameters: {
      query?: never;
      header?: {
        'If-None-Match'?: string;
      };
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The tar archive. */
      200: {
        headers: {
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': string;
        };
      };
      /** @description Not modified (the ETag matched). */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersionFiles: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The manifest. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Manifest'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  downloadModelVersionFile: {
    parameters: {
      query?: never;
      header?: {
        'If-None-Match'?: string;
        Range?: string;
      };
      path: {
        modelversionId: string;
        /** @description A file path of the manifest, each segment percent-encoded (encodeURIComponent per segment, joined with `/`). Unlike other path parameters it spans several segments. */
        path: components['parameters']['FilePath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['FileBytes'];
      206: components['responses']['FileBytes'];
      /** @description Not modified (the ETag matched). */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      /** @description The range lies outside the file; `Content-Range: bytes *\/<size>`. */
      416: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setModelVersionLineage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['VersionLineageRequest'];
      };
    };
    responses: {
      /** @description The version's lineage record. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VersionLineage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  addModelVersionParent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          parentVersionId: string;
          relation?: components['schemas']['ParentRelation'];
        };
      };
    };
    responses: {
      /** @description The link. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParentLink'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  removeModelVersionParent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
        parentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  transitionModelVersionStage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StageTransitionRequest'];
      };
    };
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersionStageHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The moves. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StageTransitionList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getModelVersionStageOptions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The options. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StageOptions'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listUploads: {
    parameters: {
      query?: {
        /** @description Only the uploads in this state. */
        state?: 'OPEN' | 'COMMITTED' | 'ABORTED' | 'EXPIRED';
      };
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The uploads. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UploadList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        modelversionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UploadCreate'];
      };
    };
    responses: {
      /** @description The upload, OPEN, nothing received yet. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Upload'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchModelVersions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ModelVersionListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The served OpenAPI 3.0 document. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/yaml': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getPermissions: {
    parameters: {
      query?: {
        registeredModelId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The permissions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CallerPermissions'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getProduction: {
    parameters: {
      query?: {
        registeredModelId?: string;
        /** @description The stage whose versions are listed (default Production). */
        stage?: components['schemas']['Stage'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One item per version in that stage. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductionList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findRegisteredModel: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['RegisteredModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModels: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['RegisteredModelListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createRegisteredModel: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `RegisteredModel` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisteredModelCreate'];
      };
    };
    responses: {
      201: components['responses']['RegisteredModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['RegisteredModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteRegisteredModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateRegisteredModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** @description Updated `RegisteredModel` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisteredModelUpdate'];
      };
    };
    responses: {
      200: components['responses']['RegisteredModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelAliasHistory: {
    parameters: {
      query?: {
        alias?: string;
      };
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The moves; a move without modelVersionId removed the alias. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AliasMoveList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelAliases: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The aliases. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelAliasList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  moveRegisteredModelAliases: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          aliases: {
            [key: string]: string | null;
          };
        };
      };
    };
    responses: {
      /** @description The model's aliases after the moves. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelAliasList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelAlias: {
    parameters: {
      query?: {
        at?: string;
      };
      header?: never;
      path: {
        alias: string;
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The alias move in force at that time. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AliasMove'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setRegisteredModelAlias: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alias: string;
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          modelVersionId: string;
        };
      };
    };
    responses: {
      /** @description The alias. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelAlias'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteRegisteredModelAlias: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alias: string;
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelDeployments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who deployed or undeployed which version where, and when. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeploymentEventList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  recordRegisteredModelDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeploymentRequest'];
      };
    };
    responses: {
      /** @description The recorded event. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeploymentEvent'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  recordKServeDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['KServeDeploymentRequest'];
      };
    };
    responses: {
      /** @description The recorded event. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KServeDeploymentEvent'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  planKServeDeployment: {
    parameters: {
      query: {
        alias?: string;
        canaryEnd?: 'promote' | 'rollback';
        canaryPercent?: string;
        mode?: 'Standard' | 'Knative';
        /** @description The version to deploy; absent with canaryEnd. */
        modelVersionId?: string;
        /** @description InferenceService name (default the model's name). */
        name?: string;
        namespace: string;
        /** @description requests.cpu=1,limits.memory=2Gi */
        resources?: string;
        runtime?: string;
        serviceAccount?: string;
        storage?: 'registry' | 'direct';
      };
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The manifest, and what it deploys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KServePlan'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      412: components['responses']['PreconditionFailed'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getMetricGoals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The model's goals. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MetricGoals'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setMetricGoals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          goals: {
            [key: string]: 'maximize' | 'minimize' | null;
          };
        };
      };
    };
    responses: {
      /** @description The model's goals after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MetricGoals'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getNextVersionName: {
    parameters: {
      query?: {
        bump?: 'major' | 'minor' | 'patch';
      };
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The name to create the next version under. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getPromotionPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The policies. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PromotionPolicyList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setPromotionPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
        stage: components['schemas']['Stage'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          conditions: components['schemas']['PolicyCondition'][];
        };
      };
    };
    responses: {
      /** @description The model's policies after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PromotionPolicyList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  resolveModelVersion: {
    parameters: {
      query: {
        range: string;
      };
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelStageHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The moves. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StageTransitionList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegisteredModelVersions: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description modelreg extension: `metrics`, `params` or `metrics,params`; each version then carries `metrics` (name to value) and/or `params` (name to value). */
        include?: string;
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ModelVersionListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createRegisteredModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    /** @description A new `ModelVersion` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelVersion'];
      };
    };
    responses: {
      201: components['responses']['ModelVersionResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchRegisteredModelVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `RegisteredModel`. */
        registeredmodelId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ModelVersionListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchRegisteredModels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['RegisteredModelListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  registerModelVersion: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegistrationRequest'];
      };
    };
    responses: {
      /** @description What was registered. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Registration'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getRegistryReport: {
    parameters: {
      query?: {
        /** @description A version in Staging for longer than this many days is stale (30). */
        stagingDays?: string;
        /** @description A model with no new version and no deployment for this many days is stale (90). */
        staleModelDays?: string;
        /** @description A token not used for this many days is unused (90). */
        tokenUnusedDays?: string;
        /** @description Content not verified within this many days is reported (30). */
        verifyDays?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The findings, most important kinds first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getSearchSuggestions: {
    parameters: {
      query: {
        limit?: number;
        over?: 'models' | 'versions';
        prefix?: string;
        source:
          'field' | 'metric' | 'param' | 'modelProperty' | 'versionProperty' | 'label' | 'owner' | 'format';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The names, sorted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SearchSuggestions'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getServeModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServeModel`. */
        servemodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ServeModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteServeModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServeModel`. */
        servemodelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateServeModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServeModel`. */
        servemodelId: string;
      };
      cookie?: never;
    };
    /** @description Updated `ServeModel` information. `modelVersionId` may change; `name` and `inferenceServiceId` are fixed at creation and accepted only unchanged (an entity read and sent back validates), as are the read-only `id` and times, which are ignored. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ServeModelUpdate'] & {
          inferenceServiceId?: string;
          modelVersionId?: string;
          name?: string;
        };
      };
    };
    responses: {
      200: components['responses']['ServeModelResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  findServingEnvironment: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ServingEnvironmentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getServingEnvironments: {
    parameters: {
      query?: {
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ServingEnvironmentListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createServingEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A new `ServingEnvironment` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ServingEnvironmentCreate'];
      };
    };
    responses: {
      201: components['responses']['ServingEnvironmentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getServingEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['ServingEnvironmentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteServingEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateServingEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    /** @description Updated `ServingEnvironment` information. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ServingEnvironmentUpdate'];
      };
    };
    responses: {
      200: components['responses']['ServingEnvironmentResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getEnvironmentInferenceServices: {
    parameters: {
      query?: {
        /** @description External ID of entity to search. */
        externalId?: components['parameters']['externalId'];
        /**
         * @description A SQL-like query string to filter the list of entities. The query supports rich filtering capabilities with automatic type inference.
         *
         *     **Supported Operators:**
         *     - Comparison: `=`, `!=`, `<>`, `>`, `<`, `>=`, `<=`
         *     - Pattern matching: `LIKE`, `ILIKE` (case-insensitive)
         *     - Set membership: `IN`
         *     - Logical: `AND`, `OR`
         *     - Grouping: `()` for complex expressions
         *
         *     **Data Types:**
         *     - Strings: `"value"` or `'value'`
         *     - Numbers: `42`, `3.14`, `1e-5`
         *     - Booleans: `true`, `false` (case-insensitive)
         *
         *     **Property Access:**
         *     - Standard properties: `name`, `id`, `state`, `createTimeSinceEpoch`
         *     - Custom properties: Any user-defined property name
         *     - Escaped properties: Use backticks for special characters: `` `custom-property` ``
         *     - Type-specific access: `property.string_value`, `property.double_value`, `property.int_value`, `property.bool_value`
         *
         *     **Examples:**
         *     - Basic: `name = "my-model"`
         *     - Comparison: `accuracy > 0.95`
         *     - Pattern: `name LIKE "%tensorflow%"`
         *     - Complex: `(name = "model-a" OR name = "model-b") AND state = "LIVE"`
         *     - Custom property: `framework.string_value = "pytorch"`
         *     - Escaped property: `` `mlflow.source.type` = "notebook" ``
         */
        filterQuery?: components['parameters']['filterQuery'];
        /** @description Name of entity to search. */
        name?: components['parameters']['name'];
        /** @description Opaque pagination token returned by a previous list call. Do not construct manually; use the value from a prior response's nextPageToken field. */
        nextPageToken?: components['parameters']['nextPageToken'];
        /** @description Specifies the order by criteria for listing entities. */
        orderBy?: components['parameters']['orderBy'];
        /** @description Number of entities in each page. */
        pageSize?: components['parameters']['pageSize'];
        /** @description Specifies the sort order for listing entities, defaults to ASC. */
        sortOrder?: components['parameters']['sortOrder'];
      };
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['InferenceServiceListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createEnvironmentInferenceService: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    /** @description A new `InferenceService` to be created. */
    requestBody: {
      content: {
        'application/json': components['schemas']['InferenceServiceCreate'];
      };
    };
    responses: {
      201: components['responses']['InferenceServiceResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchEnvironmentInferenceServices: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A unique identifier for a `ServingEnvironment`. */
        servingenvironmentId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['InferenceServiceListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  searchServingEnvironments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ListQuery'];
      };
    };
    responses: {
      200: components['responses']['ServingEnvironmentListResponse'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getApiTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The tokens. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiTokenList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createApiToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiTokenCreate'];
      };
    };
    responses: {
      /** @description The new token, with its secret. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NewApiToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  revokeApiToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The upload. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Upload'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  abortUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: components['responses']['Deleted'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  commitUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The version's manifest. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Manifest'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  uploadFile: {
    parameters: {
      query?: never;
      header?: {
        'Content-Range'?: string;
      };
      path: {
        /** @description A file path of the manifest, each segment percent-encoded (encodeURIComponent per segment, joined with `/`). Unlike other path parameters it spans several segments. */
        path: components['parameters']['FilePath'];
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/octet-stream': string;
      };
    };
    responses: {
      /** @description How much of the file is durably received; its sha256 once complete. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UploadFileProgress'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['UploadConflict'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      422: components['responses']['DigestMismatch'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  startVerificationRun: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['VerificationRunRequest'];
      };
    };
    responses: {
      /** @description The unfinished run with the same selection, resumed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerificationRunStart'];
        };
      };
      /** @description A new run. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerificationRunStart'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getVerificationRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A verification run's id. */
        runId: components['parameters']['runId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerificationRunReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  stepVerificationRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A verification run's id. */
        runId: components['parameters']['runId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What the step verified and found, and the run after it. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerificationStep'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['ContentTooLarge'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  whoami: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Principal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      414: components['responses']['UriTooLong'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  readyzHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Ready'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['NotReady'];
    };
  };
  readyzIsDirty: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Ready'];
      500: components['responses']['InternalServerError'];
      503: components['responses']['NotReady'];
    };
  };
}
type WithRequired<T, K extends keyof T> = T & {
  [P in K]-?: T[P];
};
