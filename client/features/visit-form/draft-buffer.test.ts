import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordData } from '../../db/types';
import { createDraftBuffer } from './draft-buffer';
import type { RecordTarget } from './form-model';

const household: RecordTarget = { type: 'household', id: 'h1', unitId: 'u1', householdId: null };
const visit: RecordTarget = { type: 'visit', id: 'v1', unitId: 'u1', householdId: 'h1' };

type Write = { key: string; patch: RecordData };

function recorder() {
  const writes: Write[] = [];
  const save = vi.fn(async (target: RecordTarget, patch: RecordData) => {
    await Promise.resolve();
    writes.push({ key: `${target.type}:${target.id}`, patch });
  });
  return { writes, save };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('autosave buffer', () => {
  it('writes a burst of typing once, after a short pause, and well within 500 ms', async () => {
    const { writes, save } = recorder();
    const buffer = createDraftBuffer(save, 200);
    for (const text of ['张', '张建', '张建国']) {
      buffer.set(household, 'headName', text);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(writes).toEqual([]);
    expect(buffer.peek(household, 'headName')).toEqual({ has: true, value: '张建国' });
    await vi.advanceTimersByTimeAsync(200);
    expect(writes).toEqual([{ key: 'household:h1', patch: { headName: '张建国' } }]);
    expect(buffer.peek(household, 'headName').has).toBe(false);
    expect(buffer.status()).toMatchObject({ saving: false, error: null });
  });

  it('writes at once on flush, each record with its own fields', async () => {
    const { writes, save } = recorder();
    const buffer = createDraftBuffer(save, 200);
    buffer.set(household, 'mobile', '13912345678');
    buffer.set(visit, 'findings', '户主下岗');
    buffer.set(household, 'address', '花戏楼街道');
    await buffer.flush();
    expect(writes).toEqual([
      { key: 'household:h1', patch: { mobile: '13912345678', address: '花戏楼街道' } },
      { key: 'visit:v1', patch: { findings: '户主下岗' } },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(2);
  });

  it('keeps a value typed while the earlier one is being written, and writes it next', async () => {
    const written: unknown[] = [];
    let release = () => {};
    const buffer = createDraftBuffer(async (_target, patch) => {
      if (written.length === 0) await new Promise<void>((resolve) => (release = resolve));
      written.push(patch.headName);
    }, 200);
    buffer.set(household, 'headName', '张');
    const first = buffer.flush();
    await vi.advanceTimersByTimeAsync(0);
    buffer.set(household, 'headName', '张三');
    release();
    await first;
    expect(buffer.peek(household, 'headName')).toEqual({ has: true, value: '张三' });
    expect(buffer.status().saving).toBe(true);
    await buffer.flush();
    expect(written).toEqual(['张', '张三']);
    expect(buffer.status().saving).toBe(false);
  });

  it('keeps the change and reports the failure when a write fails, then retries', async () => {
    let fail = true;
    const writes: RecordData[] = [];
    const buffer = createDraftBuffer(async (_target, patch) => {
      if (fail) throw new Error('磁盘已满');
      writes.push(patch);
    }, 200);
    buffer.set(household, 'headName', '张三');
    await expect(buffer.flush()).rejects.toThrow('磁盘已满');
    expect(buffer.status().error).toBe('保存失败：磁盘已满');
    expect(buffer.peek(household, 'headName').value).toBe('张三');
    fail = false;
    await buffer.flush();
    expect(writes).toEqual([{ headName: '张三' }]);
    expect(buffer.status().error).toBeNull();
  });

  it('stores a cleared field as null', async () => {
    const { writes, save } = recorder();
    const buffer = createDraftBuffer(save, 200);
    buffer.set(household, 'mobile', undefined);
    await buffer.flush();
    expect(writes).toEqual([{ key: 'household:h1', patch: { mobile: null } }]);
  });

  it('drops what waits for a deleted record', async () => {
    const { writes, save } = recorder();
    const buffer = createDraftBuffer(save, 200);
    const member: RecordTarget = { type: 'member', id: 'm1', unitId: 'u1', householdId: 'h1' };
    buffer.set(member, 'name', '张小明');
    buffer.forget(member);
    await buffer.flush();
    expect(writes).toEqual([]);
    expect(buffer.status().saving).toBe(false);
  });
});

describe('autosave overlay', () => {
  it('keeps showing a written value until the read of the record catches up, then lets it go', async () => {
    const { save } = recorder();
    const buffer = createDraftBuffer(save, 200);
    buffer.set(visit, 'checklist', ['a', 'b']);
    await buffer.flush();
    // The read still has the old value: the written one stays on top, no flicker back.
    expect(buffer.pendingFields(visit, { checklist: ['a'] })).toEqual({ checklist: ['a', 'b'] });
    expect(buffer.status().saving).toBe(false);
    // The read shows it now.
    expect(buffer.pendingFields(visit, { checklist: ['a', 'b'] })).toEqual({});
    // A later change from elsewhere (sync) is shown as it is.
    expect(buffer.pendingFields(visit, { checklist: ['c'] })).toEqual({});
  });
});
