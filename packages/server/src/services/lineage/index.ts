/**
 * The lineage and search context: lineage walks and parent links, metric goals, comparisons, and
 * the browse queries (search, facets). Other contexts import it only through this module
 * (docs/adr/0013-bounded-contexts.md).
 */
export { LineageService } from './lineage-service.js';
export { MAX_COMPARED_VERSIONS, NOT_VISIBLE, type ComparedRow, type Comparison } from './comparison.js';
export { parameterValue, type VersionValues } from './lineage-queries.js';
export {
  BrowseService,
  type BrowseServiceDeps,
  type ModelSummary,
  type StageOption,
} from './browse-service.js';
export type { LineageTx } from './lineage-tx.js';
