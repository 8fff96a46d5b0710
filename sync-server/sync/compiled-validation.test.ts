import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRecordValidators } from '../../shared/domain/record-kit';
import {
  RECORD_DEFINITIONS,
  RECORD_TYPES,
  validateDraft,
  validateFinal,
  type RecordType,
} from '../../shared/domain/records';
import { FIXTURE_TODAY, sampleHousehold, sampleMember, sampleVisit } from '../../shared/domain/test-fixtures';

// The server validates every pushed record with the field schemas compiled (`compileRecordValidators`,
// called when the push service loads); the tablet runs them as defined. Both must give the same verdict
// with the same messages for any data, valid or not. This file never loads the push service, so it sees
// the schemas as defined first, then compiles them itself.

const FIXTURES: Partial<Record<RecordType, Record<string, unknown>>> = {
  household: sampleHousehold(),
  member: sampleMember(),
  visit: sampleVisit(),
};

const fixtureValues = Object.values(FIXTURES).flatMap((fixture) => Object.values(fixture ?? {}));

/** Values that hit the schemas' edges: blanks, wrong types, bad dates and codes, long text, bad items. */
const edgeValue = fc.constantFrom<unknown>(
  '',
  '   ',
  null,
  0,
  -1,
  1.5,
  51,
  10_000_000_001,
  true,
  ' 张三 ',
  'y'.repeat(31),
  'x'.repeat(101),
  '长'.repeat(5001),
  '2026-02-30',
  '2026-13-01',
  '2099-01-01',
  '2026-04-15T08:00:00.000Z',
  'not-a-date',
  'a'.repeat(64),
  'A'.repeat(64),
  '340000000000000000',
  [],
  [{}],
  [{ itemId: 'id_cards', ticked: 'yes', attachmentShas: [] }],
  [{ itemId: 'id_cards', ticked: true, attachmentShas: [], extra: 1 }],
  [
    {
      memberId: null,
      signerName: '张三',
      role: 'guardian',
      signedAt: '2026-04-10T02:40:00.000Z',
      attachmentSha: 'a'.repeat(64),
    },
  ],
  { lat: 91, lng: 0, accuracyM: 1, at: '2026-04-15T08:00:00.000Z' },
  { lat: 33, lng: 115 },
);

const anyValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...fixtureValues) },
  { weight: 3, arbitrary: edgeValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

function dataFor(type: RecordType) {
  const fields = [...Object.keys(RECORD_DEFINITIONS[type].fields), 'unknownField'];
  const edits = fc.dictionary(fc.constantFrom(...fields), anyValue, { minKeys: 1, maxKeys: 12 });
  return fc.tuple(fc.boolean(), edits).map(([fromFixture, changes]) => ({
    ...(fromFixture ? FIXTURES[type] : {}),
    ...changes,
  }));
}

const samples = RECORD_TYPES.flatMap((type) =>
  fc.sample(dataFor(type), { numRuns: 700, seed: 20_261_125 }).map((data) => ({ type, data })),
);

function verdicts() {
  const options = { today: FIXTURE_TODAY };
  return samples.map(({ type, data }) => ({
    draft: validateDraft(type, data, options),
    final: validateFinal(type, data, options),
  }));
}

describe('compiled record validation', () => {
  it('accepts and refuses exactly what the schemas as defined do, with the same messages', () => {
    const asDefined = verdicts();
    compileRecordValidators();
    const compiled = verdicts();
    // Both kinds of verdict are well represented, so the comparison covers refusals and their messages.
    expect(asDefined.filter((v) => v.draft.ok).length).toBeGreaterThan(100);
    expect(asDefined.filter((v) => !v.final.ok).length).toBeGreaterThan(100);
    expect(compiled).toEqual(asDefined);
  });
});
