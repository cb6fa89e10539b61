// Replays a model's lifecycle histories in commit order (by their sequence) and names every
// invariant that breaks on the way, not only in the end state (docs/adr/0015-one-lock-per-model.md).

export type WireRow = Record<string, unknown>;

function inSequence(rows: readonly WireRow[], violations: string[], what: string): WireRow[] {
  const ordered = [...rows].sort((x, y) => Number(x['sequence']) - Number(y['sequence']));
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1] ?? {};
    const row = ordered[i] ?? {};
    if (Number(row['sequence']) <= Number(previous['sequence'])) {
      violations.push(`${what}: sequence ${String(row['sequence'])} appears twice`);
    }
    if (Number(row['timeSinceEpoch']) < Number(previous['timeSinceEpoch'])) {
      violations.push(
        `${what}: #${String(row['sequence'])} at ${String(row['timeSinceEpoch'])} is earlier than #${String(previous['sequence'])} at ${String(previous['timeSinceEpoch'])}`,
      );
    }
  }
  return ordered;
}

/**
 * A model's stage history (the list `…/stage_history` answers), replayed from every version in
 * Development: each move starts from the stage its version is in, and after each move at most one
 * version is in each of `single` (the stages every move into uses `others: archive`).
 */
export function replayStages(
  rows: readonly WireRow[],
  single: readonly string[] = ['Production'],
): { violations: string[]; stages: Map<string, string> } {
  const violations: string[] = [];
  const stages = new Map<string, string>();
  for (const row of inSequence(rows, violations, 'stage history')) {
    const version = String(row['modelVersionId']);
    const current = stages.get(version) ?? 'Development';
    if (row['fromStage'] !== current) {
      violations.push(
        `#${String(row['sequence'])}: version ${version} moved ${String(row['fromStage'])} > ${String(row['toStage'])} while in ${current}`,
      );
    }
    stages.set(version, String(row['toStage']));
    for (const stage of single) {
      const holders = [...stages].filter(([, s]) => s === stage).map(([v]) => v);
      if (holders.length > 1) {
        violations.push(
          `after #${String(row['sequence'])}: versions ${holders.join(', ')} are all in ${stage}`,
        );
      }
    }
  }
  return { violations, stages };
}

/** An alias's history (newest first, as `…/alias_history?alias=` answers) in commit order; its target at the end. */
export function replayAlias(rows: readonly WireRow[]): { violations: string[]; target: string | undefined } {
  const violations: string[] = [];
  const ordered = inSequence(rows, violations, 'alias history');
  const last = ordered[ordered.length - 1];
  return {
    violations,
    target: last?.['modelVersionId'] === undefined ? undefined : String(last['modelVersionId']),
  };
}

/**
 * The alias moves the audit trail records (oldest first), replayed: each move's `from` is where
 * the one before it left the alias, so every move decided on the state it found after the last.
 */
export function replayAliasAudit(events: readonly WireRow[], alias: string): string[] {
  const violations: string[] = [];
  let current: string | null = null;
  let started = false;
  for (const event of events) {
    const detail = JSON.parse(String(event['detail'] ?? '{}')) as {
      aliases?: Record<string, { from: number | string | null; to: number | string | null }>;
    };
    const move = detail.aliases?.[alias];
    if (move === undefined) continue;
    const from = move.from === null ? null : String(move.from);
    if (started && from !== current) {
      violations.push(
        `audit event ${String(event['id'])} moved ${alias} from ${String(from)}, but it pointed at ${String(current)}`,
      );
    }
    started = true;
    current = move.to === null ? null : String(move.to);
  }
  return violations;
}
