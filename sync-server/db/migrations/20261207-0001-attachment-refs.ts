import type { Migration } from './index';

/**
 * Who may name and read a file (docs/sync-protocol.md, section 7). Knowing a file's hash is not enough:
 *
 * - `attachment_grants`: the users who proved they hold a file's bytes — their upload completed it (or
 *   they sent the same bytes again), or a bundle file they signed carried it.
 * - `attachment_refs`: every record that names a file (kept by the record indexer on every write), with
 *   the user whose write introduced the name and whether that reference *owns* the file: its author held a
 *   grant, or the file was already owned by a record within the author's scope. Downloads go by owned
 *   references within the caller's scope, through this table's key instead of a scan of record JSON.
 * - `attachment_uploads` is keyed by user as well: each user's partial upload is their own, so an upload
 *   proves possession, and an unfinished upload by one user tells another nothing.
 */
export const attachmentRefs: Migration = {
  id: '20261207-0001-attachment-refs',
  sql: `
CREATE TABLE attachment_grants (
  sha256 TEXT NOT NULL,
  user_id TEXT NOT NULL,
  via TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (sha256, user_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO attachment_grants (sha256, user_id, via, created_at)
  SELECT sha256, created_by, 'upload', created_at FROM attachment_blobs WHERE created_by IS NOT NULL;

CREATE TABLE attachment_refs (
  sha256 TEXT NOT NULL,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  author_id TEXT,
  mime_type TEXT,
  owned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sha256, record_id)
) WITHOUT ROWID;
CREATE INDEX attachment_refs_record ON attachment_refs(record_id);
-- Downloads used to find attachment records by a JSON index; attachment_refs replaces it.
DROP INDEX sync_records_attachment_sha;

INSERT OR IGNORE INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id, mime_type)
  SELECT json_extract(data, '$.sha256'), id, type, unit_path, created_by, json_extract(data, '$.mimeType')
    FROM sync_records
   WHERE type = 'attachment' AND deleted = 0 AND json_type(data, '$.sha256') = 'text';
INSERT OR IGNORE INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id)
  SELECT p.value, r.id, r.type, r.unit_path, r.created_by
    FROM sync_records r, json_each(r.data, '$.photoShas') p
   WHERE r.type = 'training' AND r.deleted = 0 AND p.type = 'text';
INSERT OR IGNORE INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id)
  SELECT json_extract(a.value, '$.signatureSha'), r.id, r.type, r.unit_path, r.created_by
    FROM sync_records r, json_each(r.data, '$.attendees') a
   WHERE r.type = 'training' AND r.deleted = 0 AND json_type(a.value, '$.signatureSha') = 'text';
INSERT OR IGNORE INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id)
  SELECT s.value, r.id, r.type, r.unit_path, r.created_by
    FROM sync_records r, json_each(r.data, '$.checklist') c, json_each(c.value, '$.attachmentShas') s
   WHERE r.type = 'visit' AND r.deleted = 0 AND s.type = 'text';
INSERT OR IGNORE INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id)
  SELECT json_extract(g.value, '$.attachmentSha'), r.id, r.type, r.unit_path, r.created_by
    FROM sync_records r, json_each(r.data, '$.signatures') g
   WHERE r.type = 'visit' AND r.deleted = 0 AND json_type(g.value, '$.attachmentSha') = 'text';

-- References made before this rule: owned when the record's creator uploaded the file, or when the
-- uploader's unit and the record's unit lie on one line of the tree (a grid worker's photo on a record of
-- the township above, or the other way round). A record in another county naming a file stays unowned.
UPDATE attachment_refs SET owned = 1
 WHERE EXISTS (SELECT 1 FROM attachment_grants g
                WHERE g.sha256 = attachment_refs.sha256 AND g.user_id = attachment_refs.author_id)
    OR EXISTS (SELECT 1 FROM attachment_blobs b JOIN users u ON u.id = b.created_by
                 JOIN units un ON un.id = u.unit_id
                WHERE b.sha256 = attachment_refs.sha256
                  AND (attachment_refs.unit_path = un.path
                       OR attachment_refs.unit_path LIKE un.path || '/%'
                       OR un.path LIKE attachment_refs.unit_path || '/%'));

DROP TABLE attachment_uploads;
CREATE TABLE attachment_uploads (
  sha256 TEXT NOT NULL,
  user_id TEXT NOT NULL,
  length INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (sha256, user_id)
) WITHOUT ROWID;
`,
};
