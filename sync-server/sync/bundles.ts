import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { checkJsonShape } from '../http/json-body';
import { isWithinScope } from '../../shared/org';
import {
  bundleHeaderSchema,
  bundlePayload,
  bundleSchema,
  BUNDLE_VERSION,
  type Bundle,
} from '../../shared/sync/bundle';
import {
  ENCRYPTED_BUNDLE_MAGIC,
  ENCRYPTED_PREFIX_BYTES,
  ENCRYPTION_INFO,
  GCM_TAG_BYTES,
  MAX_ENCRYPTED_HEADER_BYTES,
  parseEncryptedHeader,
  type EncryptedBundleHeader,
} from '../../shared/sync/bundle-crypto';
import { isJsonObject } from '../../shared/sync/canonical-json';
import type { ChangeResult } from '../../shared/sync/changes';
import { SYNC_ERROR_MESSAGES, type SyncErrorCode } from '../../shared/sync/errors';
import { SYNC_LIMITS, checkVersions } from '../../shared/sync/protocol';
import { loadActor, type SyncActor } from './actor';
import { sha256Hex, storeVerifiedBlob } from './attachments';
import { isDeviceRevoked } from './device-revocation';
import { findDeviceSecret, recordBundleImport } from './devices';
import { newCaseTargetPath } from './hooks';
import { applyChanges } from './push-service';
import { stmt } from './statements';
import { getRecord, unitPathOf } from './store';

/**
 * Imports a bundle file (docs/sync-protocol.md, section 9): every check runs before anything is written,
 * then the changes go through the push service as their author, so an import is exactly as idempotent as
 * an online push.
 */

export interface BundleImportOutcome {
  bundle: { deviceId: string; userId: string; username: string; createdAt: string; changeCount: number };
  results: ChangeResult[];
  applied: number;
  noop: number;
  conflicts: number;
  rejected: number;
  attachmentsStored: number;
  serverSeq: number;
}

function refuse(code: SyncErrorCode, details?: unknown, status = 422): never {
  throw new HttpError(status, code, SYNC_ERROR_MESSAGES[code], details);
}

function hexEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export interface BundleReadOptions {
  /** Accept files exported before bundles were encrypted (ACCEPT_PLAIN_BUNDLES=1); off by default. */
  acceptPlain?: boolean;
}

/**
 * Reads an encrypted file (docs/sync-protocol.md, section 9.1): the header names the device, whose secret
 * derives the key; AES-256-GCM authenticates the header and the content together, so any changed byte, a
 * key of another device or a file made for another server fails the same way. Returns the signed bundle
 * inside, and the device the header named (the bundle must name the same).
 */
function decryptBundle(db: Db, raw: Buffer): { plain: Buffer; header: EncryptedBundleHeader } {
  if (raw.length < ENCRYPTED_PREFIX_BYTES) refuse('bundle_damaged');
  const headerLength = raw.readUInt32BE(ENCRYPTED_BUNDLE_MAGIC.length);
  const headerEnd = ENCRYPTED_PREFIX_BYTES + headerLength;
  if (headerLength > MAX_ENCRYPTED_HEADER_BYTES || raw.length < headerEnd + GCM_TAG_BYTES)
    refuse('bundle_damaged');
  const verdict = parseEncryptedHeader(raw.subarray(ENCRYPTED_PREFIX_BYTES, headerEnd).toString('utf8'));
  if (!verdict.ok) refuse(verdict.problem === 'unsupported' ? 'bundle_unsupported' : 'bundle_damaged');
  const { header } = verdict;
  if (isDeviceRevoked(db, header.deviceId)) refuse('bundle_device_revoked');
  const secret = findDeviceSecret(db, header.userId, header.deviceId);
  if (secret === null) refuse('bundle_unknown_device');
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(secret, 'utf8'),
      Buffer.from(header.salt, 'hex'),
      Buffer.from(ENCRYPTION_INFO, 'utf8'),
      32,
    ),
  );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'hex'), {
      authTagLength: GCM_TAG_BYTES,
    });
    decipher.setAAD(raw.subarray(0, headerEnd));
    decipher.setAuthTag(raw.subarray(raw.length - GCM_TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(raw.subarray(headerEnd, raw.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]);
    return { plain, header };
  } catch {
    refuse('bundle_decrypt_failed');
  }
}

/**
 * Decrypts (or, for an old plain file when allowed, takes as it is) and authenticates the file; throws 422
 * for a damaged, unsupported, undecryptable, revoked or tampered file.
 */
export function verifyBundle(db: Db, raw: Buffer, options: BundleReadOptions = {}): Bundle {
  if (raw.subarray(0, ENCRYPTED_BUNDLE_MAGIC.length).toString('latin1') === ENCRYPTED_BUNDLE_MAGIC) {
    const { plain, header } = decryptBundle(db, raw);
    const bundle = verifySignedBundle(db, plain);
    // The header chose the key; the signed content must be the same device's, or it was spliced.
    if (bundle.deviceId !== header.deviceId || bundle.userId !== header.userId) refuse('bundle_tampered');
    return bundle;
  }
  const bundle = verifySignedBundle(db, raw);
  if (!options.acceptPlain) refuse('bundle_unencrypted');
  return bundle;
}

/** Parses and authenticates a signed bundle (the plaintext); throws 422 for a damaged or tampered one. */
function verifySignedBundle(db: Db, raw: Buffer): Bundle {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    refuse('bundle_damaged');
  }
  if (checkJsonShape(parsed) !== null) refuse('bundle_damaged'); // nested too deep, or a __proto__ key
  if (!isJsonObject(parsed)) refuse('bundle_damaged');
  const header = bundleHeaderSchema.safeParse(parsed);
  if (!header.success) refuse('bundle_damaged');
  if (header.data.version !== BUNDLE_VERSION) refuse('bundle_unsupported');
  // The hash covers the file exactly as written (not a re-parsed copy), so a flipped byte always shows.
  const payload = bundlePayload(parsed);
  const claimedHash = typeof parsed.hash === 'string' ? parsed.hash : '';
  if (!hexEqual(createHash('sha256').update(payload, 'utf8').digest('hex'), claimedHash))
    refuse('bundle_damaged');
  const bundle = bundleSchema.safeParse(parsed);
  if (!bundle.success) {
    refuse(
      'bundle_damaged',
      bundle.error.issues.slice(0, 20).map((i) => ({ path: i.path, message: i.message })),
    );
  }
  if (checkVersions(bundle.data.protocolVersion, bundle.data.schemaVersion) !== 'ok')
    refuse('bundle_unsupported');
  // A revoked device's secret signs nothing any more: its files are refused from the revocation on.
  if (isDeviceRevoked(db, bundle.data.deviceId)) refuse('bundle_device_revoked');
  const secret = findDeviceSecret(db, bundle.data.userId, bundle.data.deviceId);
  if (secret === null) refuse('bundle_unknown_device');
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(payload, 'utf8').digest('hex');
  if (!hexEqual(signature, bundle.data.signature)) refuse('bundle_tampered');
  return bundle.data;
}

/**
 * The unit path a change would land in or act on, when the server can tell before applying it: a record's
 * stored unit (or the unit a new record names), a case's unit, or for a command on a case the server does
 * not hold yet (a registration) the unit its payload files the case in.
 */
function changePath(
  db: Db,
  change: Bundle['changes'][number],
  created: Map<string, string>,
  author: SyncActor,
): string | null {
  switch (change.kind) {
    case 'record': {
      const existing = getRecord(db, change.id);
      return existing ? existing.unitPath : unitPathOf(db, change.unitId);
    }
    case 'command':
      return (
        getRecord(db, change.caseId)?.unitPath ??
        created.get(change.caseId) ??
        newCaseTargetPath(db, author, change)
      );
    case 'resolveConflict': {
      const row = stmt(db, 'SELECT unit_path FROM sync_conflicts WHERE id = ?').get(change.conflictId) as
        { unit_path: string } | undefined;
      return row?.unit_path ?? null;
    }
  }
}

export function importBundle(
  db: Db,
  dataDir: string,
  raw: Buffer,
  importer: SessionUser,
  options: BundleReadOptions = {},
): BundleImportOutcome {
  const bundle = verifyBundle(db, raw, options);
  const author = loadActor(db, bundle.userId);
  if (!author) refuse('bundle_author_inactive');

  const files = bundle.attachments.map((attachment) => {
    const bytes = Buffer.from(attachment.base64, 'base64');
    if (bytes.length > SYNC_LIMITS.maxAttachmentBytes)
      refuse('attachment_too_large', { sha256: attachment.sha256 }, 413);
    if (sha256Hex(bytes) !== attachment.sha256) refuse('bundle_damaged', { sha256: attachment.sha256 });
    return { sha: attachment.sha256, bytes };
  });

  // Both the importer and the author must cover every change; otherwise nothing at all is applied.
  const created = new Map<string, string>();
  const outside: string[] = [];
  for (const change of bundle.changes) {
    const unitPath = changePath(db, change, created, author);
    // Later changes in the file may act on what an earlier one creates (a registered case, a new record).
    const createdId = change.kind === 'record' ? change.id : change.kind === 'command' ? change.caseId : null;
    if (createdId !== null && unitPath !== null && !created.has(createdId)) created.set(createdId, unitPath);
    if (unitPath === null) continue; // unknown unit or case: the push service refuses that change on its own
    if (!isWithinScope(unitPath, importer.unitPath) || !isWithinScope(unitPath, author.unitPath)) {
      outside.push(change.changeId);
    }
  }
  if (outside.length > 0) refuse('bundle_out_of_scope', { changeIds: outside }, 403);

  return db.transaction(() => {
    const attachmentsStored = files.filter(({ sha, bytes }) =>
      storeVerifiedBlob(db, dataDir, sha, bytes, author.id),
    ).length;
    const { results, serverSeq } = applyChanges(db, bundle.changes, {
      actor: author,
      deviceId: bundle.deviceId,
      auditDetail: { via: 'bundle', importedBy: importer.id },
    });
    recordBundleImport(db, author.id, bundle.deviceId);
    const count = (status: ChangeResult['status']) => results.filter((r) => r.status === status).length;
    const outcome: BundleImportOutcome = {
      bundle: {
        deviceId: bundle.deviceId,
        userId: bundle.userId,
        username: bundle.username,
        createdAt: bundle.createdAt,
        changeCount: bundle.changes.length,
      },
      results,
      applied: count('applied'),
      noop: count('noop'),
      conflicts: count('conflict'),
      rejected: count('rejected'),
      attachmentsStored,
      serverSeq,
    };
    appendAudit(db, {
      userId: importer.id,
      role: importer.role,
      unitId: importer.unitId,
      action: 'sync.bundle_import',
      detail: {
        authorId: author.id,
        deviceId: bundle.deviceId,
        bundleHash: bundle.hash,
        applied: outcome.applied,
        noop: outcome.noop,
        conflicts: outcome.conflicts,
        rejected: outcome.rejected,
        attachmentsStored,
      },
    });
    return outcome;
  })();
}
