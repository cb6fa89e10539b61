import { API_BASE } from './api.js';
import { RegistryError, type RegistryErrorCode } from './errors.js';
import { answer, found, idOf, LIST_OVERFLOW, type TypedClient } from './typed-http.js';
import type { ListOptions, ModelVersion, OrderBy, RegisteredModel } from './types.js';

/** A version named by its model and version names, or by its id. */
export type VersionLocator = { readonly model: string; readonly version: string } | { readonly id: string };

/** A model version, or its id. */
export type VersionRef = ModelVersion | string;

/** The query every list takes, as the typed client sends it. */
export interface ListQuery {
  filterQuery?: string;
  /** A field, or for versions `metrics.<name>` / `params.<name>`, which the document does not name. */
  orderBy?: OrderBy;
  sortOrder?: ListOptions['sortOrder'];
  include?: string;
  pageSize?: string;
  nextPageToken?: string;
}

/** One list request of the typed client: the query in the URL, or in the body of its search twin. */
export type ListCall<T> = (
  query: ListQuery,
  init: { middleware: [typeof LIST_OVERFLOW] },
) => Promise<{ data?: { items?: T[]; nextPageToken?: string }; response: Response }>;

/** Every item of a list, fetched page by page as the caller iterates. */
export function pages<T>(options: ListOptions, call: ListCall<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      let token = '';
      do {
        const page = await answer(
          call(
            {
              filterQuery: options.filterQuery,
              orderBy: options.orderBy as OrderBy | undefined,
              sortOrder: options.sortOrder,
              include: options.include === undefined ? undefined : options.include.join(','),
              pageSize: String(options.pageSize ?? 100),
              nextPageToken: token === '' ? undefined : token,
            },
            { middleware: [LIST_OVERFLOW] },
          ),
        );
        yield* page.items ?? [];
        // A server that leaves the token out has no next page.
        token = page.nextPageToken ?? '';
      } while (token !== '');
    },
  };
}

/** An iterable whose source is looked up when iteration starts, not when it is created. */
export function lazy<T>(source: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* await source();
    },
  };
}

export function notFound(what: string, code: RegistryErrorCode): RegistryError {
  return new RegistryError(`no ${what}`, code, 404);
}

/** The id of a version given as itself or as its id. */
export function versionId(version: VersionRef): string {
  const id = typeof version === 'string' ? version : version.id;
  if (id === undefined || id === '')
    throw new RegistryError('a model version (or its id) is needed', 'INVALID_ARGUMENT', 0);
  return id;
}

/** Finds models and versions by name on the typed client. */
export class Lookups {
  constructor(private readonly api: TypedClient) {}

  /** The registered model of that name, or undefined. */
  findModel(name: string): Promise<RegisteredModel | undefined> {
    return found(this.api.GET(`${API_BASE}/registered_model`, { params: { query: { name } } }));
  }

  findVersion(modelId: string, version: string): Promise<ModelVersion | undefined> {
    return found(
      this.api.GET(`${API_BASE}/model_version`, {
        params: { query: { name: version, parentResourceId: modelId } },
      }),
    );
  }

  async mustGetModel(name: string): Promise<RegisteredModel> {
    const model = await this.findModel(name);
    if (model === undefined) throw notFound(`registered model '${name}'`, 'REGISTERED_MODEL_NOT_FOUND');
    return model;
  }

  /** A version by model name and version name, or undefined when the version does not exist. */
  async getVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    const model = await this.mustGetModel(name);
    return this.findVersion(model.id ?? '', version);
  }

  async mustGetVersion(name: string, version: string): Promise<ModelVersion> {
    const found = await this.getVersion(name, version);
    if (found === undefined)
      throw notFound(`version '${version}' of model '${name}'`, 'MODEL_VERSION_NOT_FOUND');
    return found;
  }

  async versionId(ref: VersionLocator): Promise<string> {
    if ('id' in ref) return ref.id;
    return (await this.mustGetVersion(ref.model, ref.version)).id ?? '';
  }

  async modelId(name: string): Promise<string> {
    return idOf(await this.mustGetModel(name));
  }
}
