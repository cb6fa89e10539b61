import type { MetricGoal, ParentLink, VersionLineage } from '../domain/lineage.js';
import type { BrowseQueries } from './browse-queries.js';

export interface StoredMetricGoal {
  readonly registeredModelId: number;
  readonly metric: string;
  readonly goal: MetricGoal;
}

/** Lineage context: the code and run behind versions, parent links, metric goals. */
export interface LineageRepository {
  /** Records (or replaces) the code and experiment run behind a version. */
  setVersionLineage(lineage: VersionLineage): Promise<void>;
  versionLineages(modelVersionIds: readonly number[]): Promise<readonly VersionLineage[]>;
  /** Ids of the versions whose lineage names this commit or experiment run, at most `limit`. */
  versionsWithLineage(
    match: { codeCommit?: string; experimentRunId?: number },
    limit: number,
  ): Promise<readonly number[]>;
  /** Clears the experiment run of the lineage rows that name these (deleted) runs. */
  detachRunLineage(experimentRunIds: readonly number[]): Promise<void>;
  /** Records that a version derives from a parent; false when that link exists already. */
  addParent(link: ParentLink): Promise<boolean>;
  removeParent(modelVersionId: number, parentVersionId: number): Promise<boolean>;
  /** The links whose child ('child') or parent ('parent') is one of `ids`. */
  parentLinks(side: 'child' | 'parent', ids: readonly number[]): Promise<readonly ParentLink[]>;
  metricGoals(registeredModelIds: readonly number[]): Promise<readonly StoredMetricGoal[]>;
  /** Sets whether higher or lower is better for a metric of a model; undefined returns it to the default. */
  setMetricGoal(registeredModelId: number, metric: string, goal: MetricGoal | undefined): Promise<void>;
}

/** Search context: the reads behind the web UI's lists and search box. */
export type SearchRepository = BrowseQueries;
