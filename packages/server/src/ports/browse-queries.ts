import type { Stage } from '../domain/lifecycle.js';
import type { ModelVisibility } from './catalog-repository.js';

/** The few fields of a version a list of models shows. */
export interface VersionHead {
  readonly id: number;
  readonly name: string;
  readonly stage: Stage;
  readonly createTimeSinceEpoch: number;
}

/** Per registered model: its newest version, its newest version in Production, versions per stage. */
export interface VersionSummary {
  readonly registeredModelId: number;
  readonly latest?: VersionHead | undefined;
  readonly production?: VersionHead | undefined;
  readonly stageCounts: Readonly<Partial<Record<Stage, number>>>;
}

/**
 * Where the names a search box suggests come from: metric and parameter names, custom property
 * names of models and of versions, label names, model owners and model formats.
 */
export type NameSource =
  'metric' | 'param' | 'modelProperty' | 'versionProperty' | 'label' | 'owner' | 'format';

/** Reads that serve the web UI's lists and search box, each a fixed number of queries. */
export interface BrowseQueries {
  /** The summaries of these models (missing models are left out), in a fixed number of queries. */
  versionSummaries(registeredModelIds: readonly number[]): Promise<readonly VersionSummary[]>;
  /** Distinct names starting with `prefix` (case-sensitive), sorted, at most `limit`. */
  distinctNames(
    source: NameSource,
    prefix: string,
    limit: number,
    visibility?: ModelVisibility,
  ): Promise<readonly string[]>;
}
