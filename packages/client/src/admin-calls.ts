import { API_BASE } from './api.js';
import { found, answer, type TypedClient } from './typed-http.js';
import type {
  ApiToken,
  ApiTokenCreate,
  AuditChainCheck,
  AuditEvent,
  GarbageCollection,
  Manifest,
  NewApiToken,
  Principal,
  RegistryReport,
  Upload,
  UploadState,
  VerificationRunReport,
  VerificationRunRequest,
  VerificationRunStart,
  VerificationStep,
} from './types.js';

/** What `auditEvents` selects. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  outcome?: 'success' | 'denied';
  entityType?: string;
  entityId?: string;
  since?: number;
  until?: number;
}

/** What `report` counts as needing attention, in days. */
export interface ReportThresholds {
  staleModelDays?: number;
  stagingDays?: number;
  verifyDays?: number;
  tokenUnusedDays?: number;
}

const text = (value: number | undefined) => (value === undefined ? undefined : String(value));

/** The content, audit, verification, token and identity calls of ModelRegistry, by id. */
export class AdminCalls {
  constructor(private readonly api: TypedClient) {}

  async listUploads(versionId: string, state: UploadState | undefined): Promise<Upload[]> {
    const list = this.api.GET(`${API_BASE}/model_versions/{modelversionId}/uploads`, {
      params: { path: { modelversionId: versionId }, query: { state } },
    });
    return (await answer(list)).items;
  }

  async abortUpload(uploadId: string): Promise<void> {
    await answer(this.api.DELETE(`${API_BASE}/uploads/{uploadId}`, { params: { path: { uploadId } } }));
  }

  getManifest(versionId: string): Promise<Manifest | undefined> {
    return found(
      this.api.GET(`${API_BASE}/model_versions/{modelversionId}/files`, {
        params: { path: { modelversionId: versionId } },
      }),
    );
  }

  collectGarbage(options: { dryRun?: boolean | undefined; graceSeconds?: number | undefined }) {
    const body = {
      dryRun: options.dryRun ?? false,
      ...(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds }),
    };
    return answer<GarbageCollection>(this.api.POST(`${API_BASE}/gc`, { body }));
  }

  auditEvents(selection: AuditQuery): AsyncIterable<AuditEvent> {
    const api = this.api;
    const { since, until } = selection;
    // In place (a given key keeps its position in the URL), as strings.
    const query = { ...selection, since: text(since), until: text(until) };
    return {
      async *[Symbol.asyncIterator]() {
        let token = '';
        do {
          const page = await answer(
            api.GET(`${API_BASE}/audit_events`, {
              params: {
                query: { ...query, pageSize: '200', nextPageToken: token === '' ? undefined : token },
              },
            }),
          );
          yield* page.items;
          token = page.nextPageToken ?? '';
        } while (token !== '');
      },
    };
  }

  verifyAuditTrail(): Promise<AuditChainCheck> {
    return answer(this.api.GET(`${API_BASE}/audit_events/verify`));
  }

  startVerification(request: VerificationRunRequest): Promise<VerificationRunStart> {
    return answer(this.api.POST(`${API_BASE}/verification_runs`, { body: request }));
  }

  stepVerification(runId: string): Promise<VerificationStep> {
    return answer(
      this.api.POST(`${API_BASE}/verification_runs/{runId}/step`, { params: { path: { runId } } }),
    );
  }

  verificationRun(runId: string): Promise<VerificationRunReport> {
    return answer(this.api.GET(`${API_BASE}/verification_runs/{runId}`, { params: { path: { runId } } }));
  }

  report(thresholds: ReportThresholds): Promise<RegistryReport> {
    const query = Object.fromEntries(
      Object.entries(thresholds)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
    return answer(this.api.GET(`${API_BASE}/report`, { params: { query } }));
  }

  whoami(): Promise<Principal> {
    return answer(this.api.GET(`${API_BASE}/whoami`));
  }

  createToken(input: ApiTokenCreate): Promise<NewApiToken> {
    return answer(this.api.POST(`${API_BASE}/tokens`, { body: input }));
  }

  async listTokens(): Promise<ApiToken[]> {
    return (await answer(this.api.GET(`${API_BASE}/tokens`))).items;
  }

  async revokeToken(tokenId: string): Promise<void> {
    await answer(this.api.DELETE(`${API_BASE}/tokens/{tokenId}`, { params: { path: { tokenId } } }));
  }
}
