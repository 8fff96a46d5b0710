import express, { type RequestHandler } from 'express';
import { HttpError } from '../http/errors';
import { boundedJson } from '../http/json-body';
import { SYNC_ERROR_MESSAGES, type SyncErrorCode } from '../../shared/sync/errors';
import {
  MIN_CLIENT_SCHEMA_VERSION,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  checkVersions,
} from '../../shared/sync/protocol';
import type { ChangeRejection } from './rejection';

/** HTTP glue shared by the sync routers: version refusals, body limits, and rejections as 4xx. */

/** Answers 426 (nothing applied) when the client's versions are outside what this server accepts. */
export function assertVersions(protocolVersion: number, schemaVersion: number | undefined): void {
  const verdict = checkVersions(protocolVersion, schemaVersion);
  if (verdict === 'ok') return;
  throw new HttpError(426, verdict, SYNC_ERROR_MESSAGES[verdict], {
    minProtocolVersion: MIN_PROTOCOL_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    minSchemaVersion: MIN_CLIENT_SCHEMA_VERSION,
    schemaVersion: SCHEMA_VERSION,
  });
}

/**
 * A body parser for one route with its own byte limit, whose "too large" answer names the limit in
 * Chinese instead of the generic one.
 */
export function limitedBody(parser: RequestHandler, tooLarge: SyncErrorCode): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => {
      const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
      if (type === 'entity.too.large') {
        next(new HttpError(413, tooLarge, SYNC_ERROR_MESSAGES[tooLarge]));
        return;
      }
      next(err);
    });
  };
}

/** Bodies of the small sync requests (resolve a conflict, ask for a device key). */
export const SMALL_BODY_BYTES = 100 * 1024;

/** JSON with its own byte limit, bounded in depth and without prototype keys (http/json-body.ts). */
export const jsonBody = (limit: number, tooLarge: SyncErrorCode) =>
  limitedBody(boundedJson({ limit }), tooLarge);

/**
 * Raw bytes with their own limit. A gzip/deflate/br body is inflated unless `inflate: false`, and the limit
 * then counts the inflated bytes (body-parser stops reading at the limit: see http/compression.ts).
 */
export const rawBody = (limit: number, tooLarge: SyncErrorCode, options: { inflate?: boolean } = {}) =>
  limitedBody(express.raw({ limit, type: () => true, inflate: options.inflate ?? true }), tooLarge);

const REJECTION_STATUS: Partial<Record<SyncErrorCode, number>> = {
  unknown_conflict: 404,
  record_not_found: 404,
  conflict_already_resolved: 409,
  role_not_allowed: 403,
  out_of_scope: 403,
};

/** A refused change answered over plain HTTP (e.g. the resolve endpoint) rather than inside a push. */
export function rejectionToHttp(err: ChangeRejection): HttpError {
  return new HttpError(REJECTION_STATUS[err.code] ?? 400, err.code, err.message, err.details);
}
