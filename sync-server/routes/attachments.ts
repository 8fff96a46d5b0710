import { Router, type RequestHandler } from 'express';
import fs from 'node:fs';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { refuseEncodedBody } from '../http/compression';
import { HttpError } from '../http/errors';
import { ATTACHMENT_MIME_TYPES } from '../../shared/domain/attachment';
import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { PULL_ROLES, WRITE_ROLES } from '../sync/actor';
import {
  SHA256_PATTERN,
  appendChunk,
  blobPath,
  fileSize,
  indexFileReferences,
  namedWithinScope,
  readAccess,
  sniffImageType,
  uploadState,
} from '../sync/attachments';
import { rawBody } from '../sync/http';
import { registerRecordIndexer } from '../sync/record-indexes';

const shaParam: RequestHandler = (req, _res, next) => {
  if (!SHA256_PATTERN.test(String(req.params.sha))) {
    next(new HttpError(400, 'invalid_upload', '附件编号必须是 64 位小写十六进制的 SHA-256'));
    return;
  }
  next();
};

function headerInt(value: string | undefined, name: string): number {
  if (value === undefined || !/^\d{1,12}$/.test(value)) {
    throw new HttpError(
      400,
      'invalid_upload',
      `${SYNC_ERROR_MESSAGES.invalid_upload}：缺少或错误的 ${name} 请求头`,
    );
  }
  return Number(value);
}

/** Refuses a too-large file before its body is read. */
const declaredLength: RequestHandler = (req, res, next) => {
  const length = headerInt(req.get('upload-length'), 'Upload-Length');
  headerInt(req.get('upload-offset'), 'Upload-Offset');
  if (length > SYNC_LIMITS.maxAttachmentBytes) {
    next(new HttpError(413, 'attachment_too_large', SYNC_ERROR_MESSAGES.attachment_too_large));
    return;
  }
  res.locals.uploadLength = length;
  next();
};

const SAFE_MIME_TYPES: readonly string[] = ATTACHMENT_MIME_TYPES;

/**
 * /api/attachments/:sha256 — resumable, content-addressed upload (HEAD, PUT) and scoped download (GET).
 * See docs/sync-protocol.md, section 7.
 */
export function attachmentsRouter({ db, config }: AppContext): Router {
  const router = Router();
  const { dataDir } = config;
  registerRecordIndexer('attachment-refs', indexFileReferences);

  // Declared before GET: Express would otherwise answer HEAD with the GET handler.
  router.head(
    '/:sha',
    requireAuth(db, { finalPush: true }),
    requireRole(...WRITE_ROLES),
    shaParam,
    (req, res) => {
      const state = uploadState(db, dataDir, req.params.sha as string, authOf(res).user);
      if (state.complete) {
        res.set({ 'Upload-Offset': String(state.size), 'Upload-Length': String(state.size) });
        res.set('Content-Length', String(state.size));
        res.status(200).end();
        return;
      }
      res.set('Upload-Offset', String(state.offset));
      if (state.length !== null) res.set('Upload-Length', String(state.length));
      res.status(404).end();
    },
  );

  router.put(
    '/:sha',
    requireAuth(db, { finalPush: true }),
    requireRole(...WRITE_ROLES),
    shaParam,
    declaredLength,
    // Raw bytes only: Upload-Offset counts the file's bytes, and a JPEG does not compress anyway.
    refuseEncodedBody,
    rawBody(SYNC_LIMITS.maxChunkBytes, 'chunk_too_large', { inflate: false }),
    (req, res) => {
      const { user } = authOf(res);
      const chunk = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = db.transaction(() =>
        appendChunk(db, dataDir, {
          sha: req.params.sha as string,
          offset: Number(req.get('upload-offset')),
          length: Number(res.locals.uploadLength),
          chunk,
          user,
        }),
      )();
      if (outcome.state === 'mismatch') {
        throw new HttpError(422, 'hash_mismatch', SYNC_ERROR_MESSAGES.hash_mismatch);
      }
      if (outcome.state === 'partial') {
        res.set('Upload-Offset', String(outcome.offset)).status(204).end();
        return;
      }
      res
        .set('Upload-Offset', String(outcome.size))
        .status(outcome.created ? 201 : 200)
        .json({ sha256: req.params.sha, size: outcome.size });
    },
  );

  router.get('/:sha', requireAuth(db), requireRole(...PULL_ROLES), shaParam, (req, res) => {
    const { user } = authOf(res);
    const sha = req.params.sha as string;
    const size = fileSize(blobPath(dataDir, sha));
    if (size === null) {
      // Not here yet: a reader of a record that names it learns it is on its way; anyone else learns nothing.
      if (namedWithinScope(db, sha, user.unitPath))
        throw new HttpError(404, 'attachment_missing', SYNC_ERROR_MESSAGES.attachment_missing);
      throw new HttpError(403, 'out_of_scope', '无权查看此附件');
    }
    const access = readAccess(db, sha, user.unitPath);
    if (!access.allowed) throw new HttpError(403, 'out_of_scope', '无权查看此附件');
    const declared = access.mimeType ?? sniffImageType(blobPath(dataDir, sha));
    const mimeType = declared && SAFE_MIME_TYPES.includes(declared) ? declared : 'application/octet-stream';
    res.set({
      'Content-Type': mimeType,
      'Content-Length': String(size),
      'Content-Disposition': 'inline',
    });
    fs.createReadStream(blobPath(dataDir, sha)).pipe(res);
  });

  return router;
}
