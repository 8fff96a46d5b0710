import type { JsonValue } from '../../shared/sync/canonical-json';
import { changeSchema, parsedPushRequestSchema, type Change } from '../../shared/sync/changes';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import type { EncodedRow } from '../db/sync-store';
import type { OutboxRow } from '../db/types';

/** How outbox rows travel: the protocol's change objects (docs/sync-protocol.md, section 4). */

/** Room left in a push request for everything around the changes (versions, device id, counts). */
const ENVELOPE_BYTES = 4 * 1024;

/** What one push may carry: the server's limits, less the envelope. */
export const PUSH_BATCH_LIMITS = {
  maxCount: SYNC_LIMITS.maxPushChanges,
  maxBytes: SYNC_LIMITS.maxPushBytes - ENVELOPE_BYTES,
} as const;

/**
 * Local values are JSON by construction (forms store text, numbers, lists); `encodeRow` checks that with
 * the protocol's schema before anything is sent. JSON has no `undefined`: an empty value travels as null.
 */
function json(value: unknown): JsonValue {
  return (value === undefined ? null : value) as JsonValue;
}

/** The change a row stands for, exactly as it is sent (and as a bundle file carries it). */
export function toWireChange(row: OutboxRow): Change {
  switch (row.kind) {
    case 'record':
      return {
        kind: 'record',
        changeId: row.changeId,
        type: row.type,
        id: row.recordId,
        op: row.op,
        unitId: row.unitId ?? '',
        baseRev: row.baseRev,
        fields: Object.fromEntries(
          Object.entries(row.fields).map(([field, change]) => [
            field,
            { from: json(change.from), to: json(change.to) },
          ]),
        ),
      };
    case 'command':
      return {
        kind: 'command',
        changeId: row.changeId,
        caseId: row.recordId,
        command: row.type,
        payload: json(row.payload),
      };
    case 'resolveConflict':
      return {
        kind: 'resolveConflict',
        changeId: row.changeId,
        conflictId: row.conflictId,
        value: json(row.value),
      };
  }
}

/**
 * UTF-8 length of a string (Chinese text is 3 bytes a character; the server counts bytes), counted without
 * encoding it: `TextEncoder` allocated a copy of every change, a tenth of a push batch's time on the tablet.
 * A lone surrogate counts as the 3 bytes of U+FFFD, as `TextEncoder` and `fetch` encode it.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 UTF-16 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * The protocol's change schema with each JSON value checked by a plain walk (`isParsedJsonValue`) instead
 * of zod's union per value: what it accepts, `changeSchema` accepts with the same result, at a fraction
 * of the cost (the check of a push batch was 77 ms on the tablet). A change it refuses goes through
 * `changeSchema`, which has the last word and the message.
 */
const quickChangeSchema = parsedPushRequestSchema.shape.changes.element;

/**
 * Encodes a row for a push, or says why it can never be sent: a shape the protocol refuses would fail the
 * whole request, and a change larger than a request would block the queue for ever, so both are refused
 * here, visibly, and the rest of the outbox goes on.
 */
export function encodeRow(row: OutboxRow, maxBytes: number = PUSH_BATCH_LIMITS.maxBytes): EncodedRow<Change> {
  const change = toWireChange(row);
  const parsed = quickChangeSchema.safeParse(change).success ? null : changeSchema.safeParse(change);
  if (parsed && !parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}：` : '';
    return { ok: false, reason: `此修改的格式不正确，无法同步（${where}${issue?.message ?? '未知问题'}）` };
  }
  // +1 for the comma between changes in the array.
  const bytes = utf8Length(JSON.stringify(change)) + 1;
  if (bytes > maxBytes) return { ok: false, reason: '此修改的数据超过 1 MB，无法同步，请删减内容后重新提交' };
  return { ok: true, change, bytes };
}
