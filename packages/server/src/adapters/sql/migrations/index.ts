import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import * as initialSchema from './0001-initial-schema.js';
import * as accessControl from './0002-access-control.js';
import * as auditTrail from './0003-audit-trail.js';
import * as stages from './0004-stages.js';
import * as aliases from './0005-aliases.js';
import * as deployments from './0006-deployments.js';
import * as semver from './0007-semver.js';
import * as policies from './0008-promotion-policies.js';
import * as lineage from './0009-lineage.js';
import * as modelFiles from './0010-model-files.js';
import * as historySequence from './0013-history-sequence.js';
import * as kserveSync from './0016-kserve-sync.js';
import * as contentIntegrity from './0017-content-integrity.js';
import * as runArtifacts from './0018-run-artifacts.js';
import * as versionRollup from './0019-version-rollup.js';
import * as segmentChecksums from './0020-segment-checksums.js';
import * as runArtifactCorruption from './0021-run-artifact-corruption.js';
import * as partialIndexes from './0022-partial-indexes.js';
import * as longTextIndexes from './0023-long-text-indexes.js';

export interface SchemaMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void>;
}

/** Forward-only, in order; the same list on every dialect. Never edit a released entry. */
export const MIGRATIONS: readonly SchemaMigration[] = [
  { name: '0001-initial-schema', up: initialSchema.up },
  { name: '0002-access-control', up: accessControl.up },
  { name: '0003-audit-trail', up: auditTrail.up },
  { name: '0004-stages', up: stages.up },
  { name: '0005-aliases', up: aliases.up },
  { name: '0006-deployments', up: deployments.up },
  { name: '0007-semver', up: semver.up },
  { name: '0008-promotion-policies', up: policies.up },
  { name: '0009-lineage', up: lineage.up },
  { name: '0010-model-files', up: modelFiles.up },
  { name: '0013-history-sequence', up: historySequence.up },
  { name: '0016-kserve-sync', up: kserveSync.up },
  // After 0013 and 0016: databases that already ran those migrate forward (an earlier number would be refused as out of order).
  { name: '0017-content-integrity', up: contentIntegrity.up },
  { name: '0018-run-artifacts', up: runArtifacts.up },
  { name: '0019-version-rollup', up: versionRollup.up },
  { name: '0020-segment-checksums', up: segmentChecksums.up },
  { name: '0021-run-artifact-corruption', up: runArtifactCorruption.up },
  { name: '0022-partial-indexes', up: partialIndexes.up },
  { name: '0023-long-text-indexes', up: longTextIndexes.up },
];
