import type { z } from 'zod';
import type { VerificationRun } from '../../domain/integrity.js';
import { InputError } from '../../domain/errors.js';
import { DEFAULT_THRESHOLDS, type ReviewThresholds } from '../../domain/review.js';
import type { ReportService } from '../../services/audit/index.js';
import type { RunReport, StepReport, VerificationService } from '../../services/content/index.js';
import { corruptFileToWire } from '../wire/files.js';
import { API_BASE } from './api-base.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseId } from '../request-parsing.js';
import {
  NEW_RUN,
  type REGISTRY_REPORT,
  type VERIFICATION_RUN,
  type VERIFICATION_RUN_REPORT,
  type VERIFICATION_STEP,
} from '../wire/integrity.js';

const DAY_MS = 24 * 3600 * 1000;

function runToWire(run: VerificationRun): z.output<typeof VERIFICATION_RUN> {
  const { registeredModelId, modelVersionId, notVerifiedForMs } = run.selection;
  return {
    id: String(run.id),
    state: run.state,
    scheduled: run.scheduled,
    createdBy: run.createdBy,
    createTime: String(run.createTimeSinceEpoch),
    lastUpdateTime: String(run.lastUpdateTimeSinceEpoch),
    ...(registeredModelId === undefined ? {} : { registeredModelId: String(registeredModelId) }),
    ...(modelVersionId === undefined ? {} : { modelVersionId: String(modelVersionId) }),
    ...(notVerifiedForMs === undefined ? {} : { notVerifiedForDays: notVerifiedForMs / DAY_MS }),
    ...(run.rateBytesPerSecond === undefined ? {} : { rateMBps: run.rateBytesPerSecond / 1e6 }),
    filesTotal: run.filesTotal,
    bytesTotal: run.bytesTotal,
    filesDone: run.filesDone,
    bytesDone: run.bytesDone,
    corruptFound: run.corruptFiles,
  };
}

function reportToWire(report: RunReport): z.output<typeof VERIFICATION_RUN_REPORT> {
  return { run: runToWire(report.run), corruptFiles: report.corrupt.map(corruptFileToWire) };
}

function stepToWire(step: StepReport): z.output<typeof VERIFICATION_STEP> {
  return {
    ...reportToWire(step),
    verifiedFiles: step.verifiedFiles,
    verifiedBytes: step.verifiedBytes,
    found: step.found.map(corruptFileToWire),
  };
}

function daysParameter(value: string | undefined, name: keyof ReviewThresholds): number {
  if (value === undefined || value === '') return DEFAULT_THRESHOLDS[name];
  if (!/^\d{1,5}$/.test(value))
    throw new InputError('INVALID_PARAMETER', `${name} must be a whole number of days`);
  return Number(value);
}

/** Our extension: verification runs (the scrub) and the registry report (docs/adr/0016-content-integrity.md). */
export function registerIntegrityRoutes(
  routes: Routes,
  verification: VerificationService,
  reports: ReportService,
): void {
  routes.route('GET', `${API_BASE}/report`, 'getRegistryReport', async (c) => {
    const q = c.req.query();
    const thresholds: ReviewThresholds = {
      staleModelDays: daysParameter(q['staleModelDays'], 'staleModelDays'),
      stagingDays: daysParameter(q['stagingDays'], 'stagingDays'),
      verifyDays: daysParameter(q['verifyDays'], 'verifyDays'),
      tokenUnusedDays: daysParameter(q['tokenUnusedDays'], 'tokenUnusedDays'),
    };
    const report = await reports.report(actor(c), thresholds);
    const answer: z.output<typeof REGISTRY_REPORT> = {
      generatedAt: String(report.generatedAt),
      thresholds: report.thresholds,
      findings: [...report.findings],
    };
    return c.json(answer, 200);
  });

  routes.route(
    'POST',
    `${API_BASE}/verification_runs`,
    'startVerificationRun',
    async (c) => {
      const body = parseBody(NEW_RUN, bodyOf(c));
      const started = await verification.start(actor(c), {
        selection: {
          registeredModelId:
            body.registeredModelId === undefined ? undefined : Number(body.registeredModelId),
          modelVersionId: body.modelVersionId === undefined ? undefined : Number(body.modelVersionId),
          notVerifiedForMs:
            body.notVerifiedForDays === undefined ? undefined : Math.round(body.notVerifiedForDays * DAY_MS),
        },
        rateBytesPerSecond: body.rateMBps === undefined ? undefined : Math.round(body.rateMBps * 1e6),
        restart: body.restart,
      });
      return c.json({ ...reportToWire(started), resumed: started.resumed }, started.resumed ? 200 : 201);
    },
    { body: 'optional' },
  );

  routes.route('GET', `${API_BASE}/verification_runs/:id`, 'getVerificationRun', async (c) =>
    c.json(
      reportToWire(await verification.get(actor(c), parseId(c.req.param('id'), 'verification run id'))),
      200,
    ),
  );

  routes.route(
    'POST',
    `${API_BASE}/verification_runs/:id/step`,
    'stepVerificationRun',
    async (c) =>
      c.json(
        stepToWire(await verification.step(actor(c), parseId(c.req.param('id'), 'verification run id'))),
        200,
      ),
    { body: 'optional' },
  );
}
