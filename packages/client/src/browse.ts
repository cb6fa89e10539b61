import { API_BASE, type RegistryApi } from './api.js';
import { RegistryError } from './errors.js';
import { MAX_LIST_URL } from './typed-http.js';
import type { components, operations } from './generated/openapi.js';
import type {
  AliasMove,
  Artifact,
  AuditEvent,
  Manifest,
  Metric,
  ModelVersion,
  RegisteredModel,
  ModelVersionWithValues,
  SortOrder,
  Stage,
} from './types.js';

type Schemas = components['schemas'];
type RegisteredModelUpdate = Schemas['RegisteredModelUpdate'];
type ModelVersionUpdate = Schemas['ModelVersionUpdate'];

/** One page of a listing and the token of the next (`''` on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken: string;
}

export type ModelSummary = Schemas['ModelSummary'];
export type VersionHead = Schemas['VersionHead'];
export type StageOptions = Schemas['StageOptions'];
export type StageOption = StageOptions['options'][number];
export type ConditionCheck = Schemas['ConditionCheck'];
export type Approval = Schemas['Approval'];
export type Permission = Schemas['Permission'];
export type CallerPermissions = Schemas['CallerPermissions'];
export type PromotionPolicy = Schemas['PromotionPolicyList']['items'][number];
/** The orderings of `modelSummaries`: the model's columns, and its versions' (newest, Production, stage). */
export type ModelSummaryOrder = NonNullable<
  NonNullable<operations['getModelSummaries']['parameters']['query']>['orderBy']
>;
/** Where `searchSuggestions` takes its names from. */
export type SuggestionSource = NonNullable<
  operations['getSearchSuggestions']['parameters']['query']
>['source'];

/** Options of one page of a listing. */
export interface PageOptions {
  readonly filterQuery?: string | undefined;
  readonly sortOrder?: SortOrder | undefined;
  readonly pageSize?: number | undefined;
  /** The `nextPageToken` of the previous page; absent or `''` for the first. */
  readonly pageToken?: string | undefined;
}

/** The answer of a typed call, or the RegistryError its error answer stands for. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw RegistryError.fromResponse(response, error);
  return data as T;
}

const token = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
/** How long a query makes a URL, percent-encoded. */
function queryLength(query: Record<string, string | undefined>): number {
  const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(defined).toString().length;
}

const size = (value: number | undefined) => (value === undefined ? undefined : String(value));

/**
 * The browsing calls of the SDK, on the typed client: pages (rather than iterators) with their
 * tokens, summaries of models, names for a search box, stage options, permissions. The web UI
 * is built on these; ModelRegistry exposes each.
 */
export class BrowseCalls {
  constructor(private readonly api: RegistryApi) {}

  async modelSummaries(
    options: PageOptions & { orderBy?: ModelSummaryOrder | undefined } = {},
  ): Promise<Page<ModelSummary>> {
    const query = {
      filterQuery: options.filterQuery,
      orderBy: options.orderBy,
      sortOrder: options.sortOrder,
      pageSize: size(options.pageSize),
      nextPageToken: token(options.pageToken),
    };
    // A filter too long for a URL goes in the body of the search twin (same answer).
    const page = await unwrap(
      queryLength(query) > MAX_LIST_URL
        ? this.api.POST(`${API_BASE}/model_summaries/search`, { body: query })
        : this.api.GET(`${API_BASE}/model_summaries`, { params: { query } }),
    );
    return { items: page.items, nextPageToken: page.nextPageToken };
  }

  async searchSuggestions(
    source: SuggestionSource,
    options: { prefix?: string; limit?: number; over?: 'models' | 'versions'; signal?: AbortSignal } = {},
  ): Promise<string[]> {
    const { prefix, limit, over, signal } = options;
    const answer = await unwrap(
      this.api.GET(`${API_BASE}/search_suggestions`, {
        params: { query: { source, prefix, limit, over } },
        signal,
      }),
    );
    return answer.names;
  }

  stageOptions(versionId: string): Promise<StageOptions> {
    return unwrap(
      this.api.GET(`${API_BASE}/model_versions/{modelversionId}/stage_options`, {
        params: { path: { modelversionId: versionId } },
      }),
    );
  }

  permissions(registeredModelId?: string): Promise<CallerPermissions> {
    return unwrap(this.api.GET(`${API_BASE}/permissions`, { params: { query: { registeredModelId } } }));
  }

  async modelVersionsPage(
    registeredModelId: string,
    options: PageOptions & {
      orderBy?: 'ID' | 'NAME' | 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'VERSION';
      include?: readonly ('metrics' | 'params')[];
    } = {},
  ): Promise<Page<ModelVersionWithValues>> {
    const query = {
      filterQuery: options.filterQuery,
      orderBy: options.orderBy,
      sortOrder: options.sortOrder,
      pageSize: size(options.pageSize),
      nextPageToken: token(options.pageToken),
      include: options.include === undefined ? undefined : options.include.join(','),
    };
    const path = { registeredmodelId: registeredModelId };
    const page = await unwrap(
      queryLength(query) > MAX_LIST_URL
        ? this.api.POST(`${API_BASE}/registered_models/{registeredmodelId}/versions/search`, {
            params: { path },
            body: query,
          })
        : this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/versions`, {
            params: { path, query },
          }),
    );
    return { items: page.items as ModelVersionWithValues[], nextPageToken: page.nextPageToken };
  }

  getModelVersionById(versionId: string): Promise<ModelVersion> {
    return unwrap(
      this.api.GET(`${API_BASE}/model_versions/{modelversionId}`, {
        params: { path: { modelversionId: versionId } },
      }),
    );
  }

  getRegisteredModelById(registeredModelId: string): Promise<RegisteredModel> {
    return unwrap(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path: { registeredmodelId: registeredModelId } },
      }),
    );
  }

  /** Changes the given fields of a model (a given customProperties replaces the whole map). */
  updateRegisteredModel(registeredModelId: string, changes: RegisteredModelUpdate): Promise<RegisteredModel> {
    return unwrap(
      this.api.PATCH(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path: { registeredmodelId: registeredModelId } },
        body: changes,
      }),
    );
  }

  /** Changes the given fields of a version (a given customProperties replaces the whole map). */
  updateModelVersion(versionId: string, changes: ModelVersionUpdate): Promise<ModelVersion> {
    return unwrap(
      this.api.PATCH(`${API_BASE}/model_versions/{modelversionId}`, {
        params: { path: { modelversionId: versionId } },
        body: changes,
      }),
    );
  }

  /** The versions with these ids that the caller may read (one request), by id. */
  async versionsById(ids: readonly string[]): Promise<Map<string, ModelVersion>> {
    const wanted = [...new Set(ids)].filter((id) => /^[1-9][0-9]{0,8}$/.test(id));
    const found = new Map<string, ModelVersion>();
    for (let start = 0; start < wanted.length; start += 500) {
      const chunk = wanted.slice(start, start + 500);
      const page = await unwrap(
        this.api.GET(`${API_BASE}/model_versions`, {
          params: { query: { filterQuery: `id IN (${chunk.join(', ')})`, pageSize: String(chunk.length) } },
        }),
      );
      for (const version of page.items) if (version.id !== undefined) found.set(version.id, version);
    }
    return found;
  }

  /** Every artifact of a version (model artifact, metrics, parameters, datasets, documents). */
  async versionArtifacts(versionId: string): Promise<Artifact[]> {
    const items: Artifact[] = [];
    let pageToken = '';
    do {
      const page = await unwrap(
        this.api.GET(`${API_BASE}/model_versions/{modelversionId}/artifacts`, {
          params: {
            path: { modelversionId: versionId },
            query: { pageSize: '500', nextPageToken: token(pageToken) },
          },
        }),
      );
      items.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    return items;
  }

  /** The manifest of a version's sealed content, or undefined when the registry stores none. */
  async manifest(versionId: string): Promise<Manifest | undefined> {
    const { data, error, response } = await this.api.GET(
      `${API_BASE}/model_versions/{modelversionId}/files`,
      {
        params: { path: { modelversionId: versionId } },
      },
    );
    // A version without stored content (none uploaded, or an external uri) has no manifest.
    if ((error as { errorCode?: string } | undefined)?.errorCode === 'CONTENT_NOT_FOUND') return undefined;
    if (!response.ok) throw RegistryError.fromResponse(response, error);
    return data;
  }

  async auditEventsPage(
    query: {
      actor?: string;
      action?: string;
      outcome?: 'success' | 'denied';
      entityType?: string;
      entityId?: string;
      since?: number;
      until?: number;
      pageSize?: number;
      pageToken?: string;
    } = {},
  ): Promise<Page<AuditEvent>> {
    const { since, until, pageSize, pageToken, ...rest } = query;
    const page = await unwrap(
      this.api.GET(`${API_BASE}/audit_events`, {
        params: {
          query: {
            ...rest,
            since: since === undefined ? undefined : String(since),
            until: until === undefined ? undefined : String(until),
            pageSize: size(pageSize),
            nextPageToken: token(pageToken),
          },
        },
      }),
    );
    return { items: page.items, nextPageToken: page.nextPageToken };
  }

  async aliasHistory(registeredModelId: string, alias?: string): Promise<AliasMove[]> {
    const page = await unwrap(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/alias_history`, {
        params: { path: { registeredmodelId: registeredModelId }, query: { alias } },
      }),
    );
    return page.items;
  }

  async policies(registeredModelId: string): Promise<PromotionPolicy[]> {
    const list = await unwrap(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/policies`, {
        params: { path: { registeredmodelId: registeredModelId } },
      }),
    );
    return list.items;
  }

  async approve(versionId: string, stage: Stage, comment?: string): Promise<Approval[]> {
    const list = await unwrap(
      this.api.POST(`${API_BASE}/model_versions/{modelversionId}/approvals`, {
        params: { path: { modelversionId: versionId } },
        body: { stage, ...(comment === undefined || comment === '' ? {} : { comment }) },
      }),
    );
    return list.items;
  }

  /** Every logged value of every metric of an experiment run, by step. */
  async metricHistory(experimentRunId: string): Promise<Metric[]> {
    const page = await unwrap(
      this.api.GET(`${API_BASE}/experiment_runs/{experimentrunId}/metric_history`, {
        params: { path: { experimentrunId: experimentRunId } },
      }),
    );
    return page.items;
  }

  /** One file of a version's sealed content, whole, as a Blob (for a browser's download). */
  downloadFile(versionId: string, path: string): Promise<Blob> {
    return unwrap(
      this.api.GET(`${API_BASE}/model_versions/{modelversionId}/files/{path}`, {
        params: { path: { modelversionId: versionId, path: encodeFilePath(path) } },
        parseAs: 'blob',
      }),
    );
  }
}

/** A manifest path as the file routes take it: each segment percent-encoded, joined with `/`. */
export function encodeFilePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
