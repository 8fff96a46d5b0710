import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pushRequestSchema } from '../../shared/sync/changes';
import { parsePushRequest } from './push-request';

// The push route reads bodies with `parsePushRequest` (JSON values checked by a plain walk, the schema
// compiled) instead of `pushRequestSchema`. For any body `express.json` can hand over, it must return
// what `pushRequestSchema.parse` returns, or throw the same issues.

function outcome(read: () => unknown): { ok: true; value: unknown } | { ok: false; issues: unknown } {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    return { ok: false, issues: (err as { issues?: unknown }).issues ?? String(err) };
  }
}

function expectSameReading(text: string): void {
  const full = outcome(() => pushRequestSchema.parse(JSON.parse(text)));
  const fast = outcome(() => parsePushRequest(JSON.parse(text)));
  expect(fast).toEqual(full);
}

const validRecordChange = () => ({
  kind: 'record',
  changeId: randomUUID(),
  type: 'visit',
  id: randomUUID(),
  op: 'upsert',
  unitId: '341602001001',
  baseRev: null,
  fields: {
    findings: { from: null, to: '家中两人患病' },
    gps: { from: null, to: { lat: 33.8, lng: 115.7, accuracyM: 8, at: '2026-11-20T01:00:00.000Z' } },
    checklist: { from: [], to: [{ itemId: 'id_cards', ticked: true, attachmentShas: [] }] },
  },
});

const validBody = () => ({
  protocolVersion: 1,
  schemaVersion: 1,
  deviceId: randomUUID(),
  pendingCount: 3,
  changes: [
    validRecordChange(),
    { kind: 'command', changeId: randomUUID(), caseId: randomUUID(), command: 'submit' },
    { kind: 'resolveConflict', changeId: randomUUID(), conflictId: randomUUID(), value: [1, 'a', null] },
  ],
});

describe('reading a push body', () => {
  it('reads valid bodies exactly as the schema does, unknown keys dropped and defaults filled', () => {
    const body = validBody();
    const withExtras = {
      ...body,
      extra: true,
      changes: body.changes.map((change) => ({ ...change, extra: 1 })),
    };
    expectSameReading(JSON.stringify(body));
    expectSameReading(JSON.stringify(withExtras));
  });

  it('refuses what the schema refuses with the same issues, JSON values included', () => {
    const body = JSON.stringify(validBody());
    // Values JSON.parse produces that the schema's JSON check treats specially: too-large numbers (they
    // parse to Infinity), an own __proto__ key (the schema drops it), a missing `from`.
    expectSameReading(body.replace('"accuracyM":8', '"accuracyM":1e400'));
    expectSameReading(body.replace('"pendingCount":3', '"pendingCount":1e400'));
    expectSameReading(body.replace('"lat":33.8', '"__proto__":{"lat":1},"lat":33.8'));
    expectSameReading(body.replace('"findings":{"from":null,', '"findings":{'));
    expectSameReading(body.replace('"value":[1,"a",null]', '"value":{"__proto__":5}'));
  });

  it('agrees with the schema on arbitrary edits of a body', () => {
    const paths: (readonly (string | number)[])[] = [
      ['protocolVersion'],
      ['deviceId'],
      ['pendingCount'],
      ['changes'],
      ['changes', 0],
      ['changes', 0, 'kind'],
      ['changes', 0, 'changeId'],
      ['changes', 0, 'type'],
      ['changes', 0, 'op'],
      ['changes', 0, 'unitId'],
      ['changes', 0, 'baseRev'],
      ['changes', 0, 'fields'],
      ['changes', 0, 'fields', 'findings'],
      ['changes', 0, 'fields', 'findings', 'to'],
      ['changes', 0, 'fields', 'gps', 'to', 'lat'],
      ['changes', 1, 'payload'],
      ['changes', 1, 'command'],
      ['changes', 2, 'value'],
      ['changes', 2, 'kind'],
    ];
    const edit = fc.record({
      path: fc.constantFrom(...paths),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(undefined, '', -1, 2.5, 'record', 'x'.repeat(70)),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const body: Record<string | number, unknown> = validBody();
        for (const { path, value } of edits) {
          let target: unknown = body;
          for (const key of path.slice(0, -1)) {
            target =
              typeof target === 'object' && target !== null
                ? (target as Record<string, unknown>)[key]
                : undefined;
          }
          const last = path.at(-1);
          if (typeof target === 'object' && target !== null && last !== undefined) {
            (target as Record<string | number, unknown>)[last] = value;
          }
        }
        expectSameReading(JSON.stringify(body));
      }),
      { numRuns: 300 },
    );
  });
});
