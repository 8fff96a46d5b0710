import { describe, expect, it } from 'vitest';
import type { RecordData } from '../../db/types';
import { createDraftBuffer } from './draft-buffer';
import { readJournals, replayJournals, storageJournal } from './draft-journal';
import type { RecordTarget } from './form-model';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    key: (index: number) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

const visit: RecordTarget = { type: 'visit', id: 'v1', unitId: 'u1', householdId: 'h1' };
const member: RecordTarget = { type: 'member', id: 'm1', unitId: 'u1', householdId: 'h1' };

describe('autosave journal', () => {
  it('holds every edit until it is written, and nothing after', async () => {
    const storage = memoryStorage();
    let release = () => {};
    const buffer = createDraftBuffer(
      () => new Promise<void>((resolve) => (release = resolve)),
      200,
      storageJournal(storage),
    );
    buffer.set(visit, 'findings', '户主下岗');
    expect(readJournals(storage)).toEqual([{ target: visit, patch: { findings: '户主下岗' } }]);
    const written = buffer.flush();
    await Promise.resolve();
    await Promise.resolve();
    release();
    await written;
    expect(storage.length).toBe(0);
  });

  it('writes the edits of a page that ended before they were saved, once', async () => {
    const storage = memoryStorage();
    // A page whose writes never finished (the tab was killed).
    const killed = createDraftBuffer(() => new Promise<void>(() => {}), 200, storageJournal(storage));
    killed.set(visit, 'findings', '户主下岗两年');
    killed.set(member, 'name', '张伟');
    killed.dispose();

    const saved: { target: RecordTarget; patch: RecordData }[] = [];
    const save = async (target: RecordTarget, patch: RecordData) => void saved.push({ target, patch });
    // The member was removed meanwhile (or belongs to someone who logged out): it is not written.
    const exists = async (target: RecordTarget) => target.type === 'visit';
    expect(await replayJournals(storage, exists, save)).toBe(1);
    expect(saved).toEqual([{ target: visit, patch: { findings: '户主下岗两年' } }]);
    expect(storage.length).toBe(0);
    expect(await replayJournals(storage, exists, save)).toBe(0);
  });

  it('keeps two open forms apart and ignores a journal it cannot read', () => {
    const storage = memoryStorage();
    storageJournal(storage, 'a').write([{ target: visit, patch: { findings: '甲' } }]);
    storageJournal(storage, 'b').write([{ target: member, patch: { name: '乙' } }]);
    storage.setItem('bangfu:autosave-journal:c', '{not json');
    expect(readJournals(storage)).toHaveLength(2);
  });
});
