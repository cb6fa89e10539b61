import type { Principal } from '../../domain/access-control.js';
import { auditHashInput, type AuditEvent, type AuditQuery } from '../../domain/audit.js';
import type { AuditTx } from './audit-tx.js';
import type { FailureSummary } from '../access/index.js';
import { authorizedTransaction, type Caller, type Transactions } from '../use-case.js';

export interface AuditServiceDeps {
  readonly store: Transactions<AuditTx>;
  readonly clock: () => number;
  /** SHA-256 of a text, hex. */
  readonly sha256: (text: string) => string;
}

export interface Denial {
  readonly actor: Principal;
  /** e.g. `DELETE registered_models/5` */
  readonly action: string;
  readonly entityType?: string | undefined;
  readonly entityId?: string | undefined;
  readonly requestId: string;
  readonly errorCode: string;
  readonly message: string;
}

export interface ChainCheck {
  readonly valid: boolean;
  readonly events: number;
  /** The first event whose hash or link does not hold (altered, removed or reordered). */
  readonly firstBrokenId?: number | undefined;
}

/** The audit trail: its queries, and the events of refused requests (each mutation writes its own). */
export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  /** Records a refused request in a transaction of its own (the request's own did not happen). */
  async recordDenial(denial: Denial): Promise<void> {
    await this.deps.store.transaction((tx) =>
      tx.appendAudit(
        {
          timeSinceEpoch: this.deps.clock(),
          actor: denial.actor.subject,
          actorMethod: denial.actor.method,
          action: denial.action,
          outcome: 'denied',
          entityType: denial.entityType,
          entityId: denial.entityId,
          requestId: denial.requestId,
          detail: JSON.stringify({ errorCode: denial.errorCode, message: denial.message }),
        },
        this.deps.sha256,
      ),
    );
  }

  /**
   * Records refused authentications: one event per client and window, with how many requests
   * it had refused and why (ClientThrottle aggregates them), so a flood of anonymous or
   * guessing requests adds a handful of rows, not one each.
   */
  async recordFailedAuthentications(summaries: readonly FailureSummary[]): Promise<void> {
    if (summaries.length === 0) return;
    await this.deps.store.transaction(async (tx) => {
      for (const summary of summaries) {
        await tx.appendAudit(
          {
            timeSinceEpoch: this.deps.clock(),
            actor: 'anonymous',
            actorMethod: 'anonymous',
            action: 'authenticate',
            outcome: 'denied',
            requestId: summary.firstRequestId,
            detail: JSON.stringify({
              client: summary.client,
              failures: summary.failures,
              throttled: summary.throttled,
              errorCodes: summary.errorCodes,
              firstTimeSinceEpoch: summary.firstTimeSinceEpoch,
              lastTimeSinceEpoch: summary.lastTimeSinceEpoch,
            }),
          },
          this.deps.sha256,
        );
      }
    });
  }

  /** Events newest first; admins only. */
  list(actor: Caller, query: AuditQuery): Promise<readonly AuditEvent[]> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      await auth.require('admin', 'the audit trail');
      return tx.listAudit(query);
    });
  }

  /** Recomputes the chain from the first event: any altered, removed or reordered event breaks it. */
  verify(actor: Caller): Promise<ChainCheck> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      await auth.require('admin', 'the audit trail');
      let prevHash = '0'.repeat(64);
      let count = 0;
      let lastId = 0;
      for (;;) {
        // Oldest first, a page at a time.
        const page = [...(await tx.listAudit({ pageSize: 1000, afterId: lastId, oldestFirst: true }))];
        for (const event of page) {
          count += 1;
          lastId = event.id;
          const expected = this.deps.sha256(auditHashInput(prevHash, event));
          if (event.prevHash !== prevHash || event.hash !== expected) {
            return { valid: false, events: count, firstBrokenId: event.id };
          }
          prevHash = event.hash;
        }
        if (page.length < 1000) return { valid: true, events: count };
      }
    });
  }
}
