import { Option, type Command } from 'commander';
import type { AuditEvent } from '@modelreg/client';
import { ReportedFailure } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take } from '../list-options.js';
import { formatTime, Output, type Column } from '../output.js';
import { parseTime } from '../parse-time.js';

const AUDIT_COLUMNS: readonly Column<AuditEvent>[] = [
  { header: 'ID', value: (e) => e.id },
  { header: 'WHEN', value: (e) => formatTime(e.timeSinceEpoch) },
  { header: 'ACTOR', value: (e) => e.actor },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'OUTCOME', value: (e) => e.outcome },
  {
    header: 'ENTITY',
    value: (e) => (e.entityType === undefined ? '' : `${e.entityType} ${e.entityId ?? ''}`),
  },
];

/** `modelreg audit`: the audit trail, or (--verify) a check of its hash chain. */
export function addAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('the audit trail, newest first (admins); --verify checks its hash chain')
    .option('--entity <type:id>', 'one entity, e.g. modelVersion:12')
    .option('--actor <name>', 'one actor')
    .option('--action <action>', 'one action, e.g. "transition modelVersion"')
    .addOption(new Option('--outcome <outcome>', 'success or denied').choices(['success', 'denied']))
    .addOption(new Option('--since <time>', 'ISO date or epoch ms').argParser(parseTime))
    .addOption(new Option('--limit <n>', 'at most this many events').argParser((v) => Number(v)).default(50))
    .option('--verify', 'recompute the hash chain instead of listing')
    .addHelpText(
      'after',
      examples(
        'modelreg audit --entity modelVersion:12',
        'modelreg audit --outcome denied --since 2026-11-01',
        'modelreg audit --verify',
      ),
    )
    .action(
      async (
        flags: GlobalOptions & {
          entity?: string;
          actor?: string;
          action?: string;
          outcome?: 'success' | 'denied';
          since?: number;
          limit: number;
          verify?: boolean;
        },
      ) => {
        const registry = connect(flags);
        const out = new Output(flags.json === true);
        if (flags.verify === true) {
          const check = await registry.verifyAuditTrail();
          out.result(
            check,
            check.valid
              ? `the audit trail verifies: ${check.events} events`
              : `the audit trail is broken at event ${check.firstBrokenId ?? '?'} (of ${check.events} read)`,
          );
          if (!check.valid) throw new ReportedFailure('the audit trail is broken');
          return;
        }
        const [entityType, entityId] = flags.entity?.split(':') ?? [];
        const events = await take(
          registry.auditEvents({
            ...(entityType === undefined ? {} : { entityType }),
            ...(entityId === undefined ? {} : { entityId }),
            ...(flags.actor === undefined ? {} : { actor: flags.actor }),
            ...(flags.action === undefined ? {} : { action: flags.action }),
            ...(flags.outcome === undefined ? {} : { outcome: flags.outcome }),
            ...(flags.since === undefined ? {} : { since: flags.since }),
          }),
          flags.limit,
        );
        out.list(events, AUDIT_COLUMNS, 'audit events');
      },
    );
}
