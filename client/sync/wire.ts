import type { JsonValue } from '../../shared/sync/canonical-json';
import { changeSchema, type Change } from '../../shared/sync/changes';
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

const encoder = new TextEncoder();

/** UTF-8 length of a string (Chinese text is 3 bytes a character; the server counts bytes). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Encodes a row for a push, or says why it can never be sent: a shape the protocol refuses would fail the
 * whole request, and a change larger than a request would block the queue for ever, so both are refused
 * here, visibly, and the rest of the outbox goes on.
 */
export function encodeRow(row: OutboxRow, maxBytes: number = PUSH_BATCH_LIMITS.maxBytes): EncodedRow<Change> {
  const change = toWireChange(row);
  const parsed = changeSchema.safeParse(change);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}：` : '';
    return { ok: false, reason: `此修改的格式不正确，无法同步（${where}${issue?.message ?? '未知问题'}）` };
  }
  // +1 for the comma between changes in the array.
  const bytes = utf8Length(JSON.stringify(change)) + 1;
  if (bytes > maxBytes) return { ok: false, reason: '此修改的数据超过 1 MB，无法同步，请删减内容后重新提交' };
  return { ok: true, change, bytes };
}
