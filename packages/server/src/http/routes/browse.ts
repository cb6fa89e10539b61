import type { z } from 'zod';
import { InputError } from '../../domain/errors.js';
import { encodePageToken, SUMMARY_ORDER_FIELDS } from '../../domain/pagination.js';
import type { ConditionCheck } from '../../domain/lifecycle.js';
import type { NameSource, VersionHead } from '../../ports/browse-queries.js';
import type { BrowseService } from '../../services/lineage/index.js';
import { API_BASE } from './api-base.js';
import { callerOf as actor, queryOf, type Routes } from '../operations.js';
import { optionalId, parseEnum, parseFilter, parseId, parsePageRequest } from '../request-parsing.js';
import { toWire } from '../wire/entities.js';
import { MODEL_SUMMARY_ORDER, type MODEL_SUMMARY, type VERSION_HEAD } from '../wire/browse.js';
import { approvalsToWire } from '../wire/lifecycle.js';

const SOURCES = [
  'field',
  'metric',
  'param',
  'modelProperty',
  'versionProperty',
  'label',
  'owner',
  'format',
] as const satisfies readonly (NameSource | 'field')[];

/** The orderings a list of models offers, each with the id as tie-breaker. */
const MODEL_ORDERS = MODEL_SUMMARY_ORDER.options;

function headToWire(head: VersionHead | undefined): z.output<typeof VERSION_HEAD> | undefined {
  return head === undefined
    ? undefined
    : {
        id: String(head.id),
        name: head.name,
        stage: head.stage,
        createTimeSinceEpoch: String(head.createTimeSinceEpoch),
      };
}

function checkToWire(check: ConditionCheck) {
  return { condition: check.condition, met: check.met, description: check.description };
}

type ModelSummary = Awaited<ReturnType<BrowseService['modelSummaries']>>['items'][number];
type StageOption = Awaited<ReturnType<BrowseService['stageOptions']>>['options'][number];

function summaryToWire({ model, versions, permissions }: ModelSummary): z.output<typeof MODEL_SUMMARY> {
  return {
    registeredModel: toWire('registeredModel', model),
    latestVersion: headToWire(versions.latest),
    productionVersion: headToWire(versions.production),
    stageCounts: versions.stageCounts,
    versionCount: Object.values(versions.stageCounts).reduce((sum, n) => sum + n, 0),
    permissions: [...permissions],
  };
}

function stageOptionToWire(option: StageOption) {
  return {
    stage: option.stage,
    allowed: option.allowed,
    conditions: option.conditions.map(checkToWire),
    ready: option.allowed && option.conditions.every((check) => check.met),
    approvals: approvalsToWire(option.approvals).items,
  };
}

/**
 * Our extension for browsing clients (the web UI): reads that answer in one round trip what would
 * otherwise take one request per row. See BrowseService.
 */
export function registerBrowseRoutes(routes: Routes, browse: BrowseService): void {
  routes.route('GET', `${API_BASE}/model_summaries`, 'getModelSummaries', async (c) => {
    const q = queryOf(c);
    const request = parsePageRequest({ ...q, pageSize: q['pageSize'] ?? '50' }, 1000, SUMMARY_ORDER_FIELDS);
    if (!MODEL_SUMMARY_ORDER.safeParse(request.orderBy).success) {
      throw new InputError(
        'INVALID_ORDER_BY',
        `orderBy must be one of ${MODEL_ORDERS.join(', ')} for model summaries, got '${request.orderBy}'`,
      );
    }
    const page = await browse.modelSummaries(actor(c), {
      ...request,
      filter: parseFilter('registeredModel', q),
    });
    return c.json(
      {
        items: page.items.map(summaryToWire),
        size: page.items.length,
        pageSize: request.pageSize,
        nextPageToken:
          page.next === undefined ? '' : encodePageToken(page.next, request.orderBy, request.sortOrder),
      },
      200,
    );
  });

  routes.route('GET', `${API_BASE}/search_suggestions`, 'getSearchSuggestions', async (c) => {
    const q = c.req.query();
    const source = parseEnum(q['source'], SOURCES, 'source');
    if (source === undefined)
      throw new InputError('INVALID_PARAMETER', `source is required: one of ${SOURCES.join(', ')}`);
    const prefix = q['prefix'] ?? '';
    if (prefix.length > 255)
      throw new InputError('INVALID_PARAMETER', 'prefix must be at most 255 characters');
    const limit = q['limit'] === undefined ? 20 : Number(q['limit']);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new InputError('INVALID_PARAMETER', 'limit must be an integer from 1 to 100');
    }
    const over = parseEnum(q['over'], ['models', 'versions'] as const, 'over') ?? 'models';
    const names = await browse.suggestions(actor(c), source, prefix, limit, over);
    return c.json({ source, prefix, names }, 200);
  });

  routes.route(
    'GET',
    `${API_BASE}/model_versions/:id/stage_options`,
    'getModelVersionStageOptions',
    async (c) => {
      const id = parseId(c.req.param('id'), 'modelversionId');
      const result = await browse.stageOptions(actor(c), id);
      return c.json(
        {
          modelVersionId: String(result.modelVersionId),
          stage: result.stage,
          options: result.options.map(stageOptionToWire),
        },
        200,
      );
    },
  );

  routes.route('GET', `${API_BASE}/permissions`, 'getPermissions', async (c) => {
    const modelId = optionalId(c.req.query('registeredModelId'), 'registeredModelId');
    const result = await browse.permissions(actor(c), modelId);
    return c.json(
      { global: result.global, ...(result.model === undefined ? {} : { model: result.model }) },
      200,
    );
  });
}
