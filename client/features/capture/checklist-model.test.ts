import { describe, expect, it } from 'vitest';
import {
  addPhoto,
  missingSummary,
  removePhoto,
  setTicked,
  strayEntries,
  tickAuthorizationWhenSigned,
  updateEntry,
} from './checklist-model';
import type { ChecklistEntry } from '../../../shared/domain/checklist';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

describe('checklist edits', () => {
  it('adds an entry for an item the first time it is touched, then edits it in place', () => {
    const ticked = setTicked([], 'id_cards', true);
    expect(ticked).toEqual([{ itemId: 'id_cards', ticked: true, attachmentShas: [] }]);
    const unticked = setTicked(ticked, 'id_cards', false);
    expect(unticked).toEqual([{ itemId: 'id_cards', ticked: false, attachmentShas: [] }]);
    expect(updateEntry(unticked, 'household_register', (e) => e)).toHaveLength(2);
  });

  it('ticks an item when a photo backs it and keeps each photo once', () => {
    let list = addPhoto([], 'labor_contract', SHA_A);
    list = addPhoto(list, 'labor_contract', SHA_A);
    list = addPhoto(list, 'labor_contract', SHA_B);
    expect(list).toEqual([{ itemId: 'labor_contract', ticked: true, attachmentShas: [SHA_A, SHA_B] }]);
  });

  it('keeps the tick when a photo is removed (a paper copy still counts)', () => {
    const list = removePhoto(addPhoto([], 'labor_contract', SHA_A), 'labor_contract', SHA_A);
    expect(list).toEqual([{ itemId: 'labor_contract', ticked: true, attachmentShas: [] }]);
  });
});

describe('what is missing', () => {
  it('names every item of an "all" group and a one-of group once', () => {
    expect(missingSummary('new', [])).toBe(
      '还缺：困难职工本人申请、家庭经济状况核对承诺授权书、申请人及家庭成员身份证复印件、户口簿复印件、' +
        '劳动关系类资料（任选一种）、申请人及家庭成员银行卡流水、致困类资料（至少一种）',
    );
  });

  it('is satisfied by one item of a one-of group and nothing is missing once all is ticked', () => {
    const ids = [
      'personal_application',
      'authorization_form',
      'id_cards',
      'household_register',
      'wage_slips',
      'income_bank_statements',
      'medical_bills',
    ];
    const list = ids.reduce((acc, id) => setTicked(acc, id, true), [] as ReturnType<typeof setTicked>);
    expect(missingSummary('new', list)).toBeNull();
    expect(missingSummary('new', setTicked(list, 'wage_slips', false))).toBe(
      '还缺：劳动关系类资料（任选一种）',
    );
  });

  it('asks an already-filed applicant only for the relief application form', () => {
    expect(missingSummary('filed', [])).toBe('还缺：在档困难职工申请救助表');
    expect(missingSummary('filed', setTicked([], 'filed_relief_application', true))).toBeNull();
  });

  it('finds entries left from another applicant kind', () => {
    const list = setTicked(setTicked([], 'personal_application', true), 'id_cards', true);
    expect(strayEntries('filed', list).map((e) => e.itemId)).toEqual(['personal_application']);
    expect(strayEntries('new', list)).toEqual([]);
  });
});

describe('signing the authorization on screen', () => {
  it('ticks 核对承诺授权书 once every signature is there, and only then', () => {
    const empty: ChecklistEntry[] = [];
    expect(tickAuthorizationWhenSigned(empty, false)).toBe(empty);
    expect(tickAuthorizationWhenSigned(empty, true)).toEqual([
      { itemId: 'authorization_form', ticked: true, attachmentShas: [] },
    ]);
    const ticked = [{ itemId: 'authorization_form', ticked: true, attachmentShas: [] }];
    expect(tickAuthorizationWhenSigned(ticked, true)).toBe(ticked);
    expect(tickAuthorizationWhenSigned(ticked, false)).toBe(ticked);
  });
});
