import type { z } from 'zod';
import {
  caseAuditReplySchema,
  caseCommandReplySchema,
  caseDetailReplySchema,
  caseListReplySchema,
  comparisonImportReplySchema,
  registerCaseReplySchema,
  type CaseAuditReply,
  type CaseCommandReply,
  type CaseDetailReply,
  type CaseListQuery,
  type CaseListReply,
  type CasePrintRequest,
  type ComparisonImportReply,
  type NoticeListPrintRequest,
  type RegisterCaseRequest,
} from '../../../../shared/cases/api';
import { apiErrorSchema } from '../../../../shared/auth';
import type { JsonValue } from '../../../../shared/sync/canonical-json';
import { resolveConflictReplySchema } from '../../../../shared/sync/protocol';
import { unitDetailReplySchema } from '../../../../shared/users';
import { ApiFailure, apiJson, apiSend } from '../../../api/http';
import { currentToken, sessionRejected } from '../../../auth/session-store';

/**
 * The review screens talk to the server online (docs/review-api.md): every reply is parsed with the shared
 * schema, and a 401 sends the user back to the password, as the server no longer accepts the session.
 */

function token(): string {
  const value = currentToken();
  if (!value)
    throw new ApiFailure('http', '登录已失效，请重新登录', { status: 401, code: 'unauthenticated' });
  return value;
}

export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) await sessionRejected(error);
    throw error;
  }
}

export function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  return guarded(() => apiJson(path, schema, { token: token() }));
}

export function post<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.infer<S>> {
  return guarded(() => apiJson(path, schema, { method: 'POST', body, token: token() }));
}

export function put<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.infer<S>> {
  return guarded(() => apiJson(path, schema, { method: 'PUT', body, token: token() }));
}

export function patch<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.infer<S>> {
  return guarded(() => apiJson(path, schema, { method: 'PATCH', body, token: token() }));
}

/** The query string of GET /api/cases, leaving out empty filters. */
export function caseListSearch(query: CaseListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function listCases(query: CaseListQuery): Promise<CaseListReply> {
  return get(`/api/cases${caseListSearch(query)}`, caseListReplySchema);
}

export function getCase(caseId: string): Promise<CaseDetailReply> {
  return get(`/api/cases/${encodeURIComponent(caseId)}`, caseDetailReplySchema);
}

/** Puts a printed case form into the audit log (docs/print-forms.md); the print waits for it. */
export function recordCasePrint(caseId: string, request: CasePrintRequest): Promise<void> {
  return guarded(() =>
    apiSend(`/api/cases/${encodeURIComponent(caseId)}/printed`, {
      method: 'POST',
      body: request,
      token: token(),
    }),
  );
}

export function recordNoticeListPrint(request: NoticeListPrintRequest): Promise<void> {
  return guarded(() =>
    apiSend('/api/cases/notice-list/printed', { method: 'POST', body: request, token: token() }),
  );
}

export function getCaseAudit(caseId: string): Promise<CaseAuditReply> {
  return get(`/api/cases/${encodeURIComponent(caseId)}/audit`, caseAuditReplySchema);
}

export function runCaseCommand(caseId: string, command: string, payload: unknown): Promise<CaseCommandReply> {
  return post(`/api/cases/${encodeURIComponent(caseId)}/commands`, caseCommandReplySchema, {
    command,
    payload,
  });
}

export function registerCase(request: RegisterCaseRequest): Promise<CaseCommandReply> {
  return post('/api/cases', registerCaseReplySchema, request);
}

export function resolveConflict(conflictId: string, value: JsonValue) {
  return post(`/api/sync/conflicts/${encodeURIComponent(conflictId)}/resolve`, resolveConflictReplySchema, {
    value,
  });
}

export function getUnit(unitId: string) {
  return get(`/api/units/${encodeURIComponent(unitId)}`, unitDetailReplySchema);
}

/** Sends a body that is not JSON (a CSV file) and parses the JSON reply, with the same failures as apiJson. */
export async function postText<S extends z.ZodType>(
  path: string,
  schema: S,
  body: string,
  contentType: string,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': contentType,
        Authorization: `Bearer ${token()}`,
      },
      body,
      cache: 'no-store',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new ApiFailure('network', error instanceof Error ? error.message : String(error));
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(payload);
    throw new ApiFailure('http', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, {
      status: response.status,
      code: parsed.success ? parsed.data.error.code : undefined,
    });
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiFailure('reply', parsed.error.message, { status: response.status });
  return parsed.data;
}

export function importComparisonCsv(csv: string): Promise<ComparisonImportReply> {
  return guarded(() =>
    postText('/api/cases/comparison-import', comparisonImportReplySchema, csv, 'text/csv; charset=utf-8'),
  );
}

/** Uploads CSV text (decoded on the client, sent as UTF-8) and parses the JSON reply. */
export function postCsv<S extends z.ZodType>(path: string, schema: S, csv: string): Promise<z.infer<S>> {
  return guarded(() => postText(path, schema, csv, 'text/csv; charset=utf-8'));
}

/**
 * A file the server sends (an attachment, a ledger), fetched with the bearer token — `<img src>` and
 * `<a href>` cannot send it. A refusal becomes an ApiFailure with the server's Chinese message.
 */
export async function fetchFile(path: string): Promise<Response> {
  return guarded(async () => {
    let response: Response;
    try {
      response = await fetch(path, {
        headers: { Authorization: `Bearer ${token()}` },
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new ApiFailure('network', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) {
      const parsed = apiErrorSchema.safeParse(await response.json().catch(() => null));
      throw new ApiFailure('http', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, {
        status: response.status,
        code: parsed.success ? parsed.data.error.code : undefined,
      });
    }
    return response;
  });
}

/** The bytes of an attachment as an object URL; the caller revokes the URL when it is no longer shown. */
export async function attachmentObjectUrl(sha256: string): Promise<string> {
  const response = await fetchFile(`/api/attachments/${encodeURIComponent(sha256)}`);
  return URL.createObjectURL(await response.blob());
}

/** What to tell the user about a failed call, in Chinese. */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.kind === 'network') return '无法连接服务器，请检查网络后重试';
    if (error.kind === 'reply') return '服务器返回的数据格式不正确，请联系管理员';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
