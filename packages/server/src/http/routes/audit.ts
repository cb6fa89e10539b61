import type { z } from 'zod';
import type { AuditEvent } from '../../domain/audit.js';
import { InputError } from '../../domain/errors.js';
import type { AuditService } from '../../services/audit/index.js';
import { API_BASE } from './api-base.js';
import { callerOf as actor, type Routes } from '../operations.js';
import { optionalId, parseEnum } from '../request-parsing.js';
import type { AUDIT_EVENT } from '../wire/audit.js';

function auditToWire(event: AuditEvent): z.output<typeof AUDIT_EVENT> {
  return {
    id: String(event.id),
    timeSinceEpoch: String(event.timeSinceEpoch),
    actor: event.actor,
    actorMethod: event.actorMethod,
    action: event.action,
    outcome: event.outcome,
    ...(event.entityType === undefined ? {} : { entityType: event.entityType }),
    ...(event.entityId === undefined ? {} : { entityId: event.entityId }),
    ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
    ...(event.detail === undefined ? {} : { detail: event.detail }),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

function epochMs(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[0-9]{1,15}$/.test(value))
    throw new InputError('INVALID_PARAMETER', `${what} must be epoch milliseconds`);
  return Number(value);
}

/** Our extension: the audit trail, newest first, and a check of its hash chain (admins only). */
export function registerAuditRoutes(routes: Routes, audit: AuditService): void {
  routes.route('GET', `${API_BASE}/audit_events`, 'getAuditEvents', async (c) => {
    const q = c.req.query();
    const pageSize = q['pageSize'] === undefined ? 100 : Number(q['pageSize']);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new InputError('INVALID_PAGE_SIZE', 'pageSize must be an integer from 1 to 1000');
    }
    const events = await audit.list(actor(c), {
      actor: q['actor'],
      action: q['action'],
      outcome: parseEnum(q['outcome'], ['success', 'denied'] as const, 'outcome'),
      entityType: q['entityType'],
      entityId: q['entityId'],
      requestId: q['requestId'],
      since: epochMs(q['since'], 'since'),
      until: epochMs(q['until'], 'until'),
      beforeId: optionalId(q['nextPageToken'], 'nextPageToken'),
      pageSize,
    });
    const last = events.length === pageSize ? events[events.length - 1] : undefined;
    return c.json(
      {
        items: events.map(auditToWire),
        size: events.length,
        nextPageToken: last === undefined ? '' : String(last.id),
      },
      200,
    );
  });

  routes.route('GET', `${API_BASE}/audit_events/verify`, 'verifyAuditTrail', async (c) =>
    c.json(await audit.verify(actor(c)), 200),
  );
}
