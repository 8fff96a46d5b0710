import type { SyncState } from '../../sync/engine';

/** Counts as zh-CN readers write them: 1,200. */
export function count(value: number): string {
  return value.toLocaleString('zh-CN');
}

/** What the engine is doing right now, in a few words. */
export function phaseText(state: SyncState): string {
  switch (state.phase) {
    case 'checking':
      return '正在准备同步…';
    case 'uploading':
      return `正在上传照片 ${count(state.upload.done)} / ${count(state.upload.total)}`;
    case 'pushing':
      return `推送 ${count(state.push.done)} / ${count(state.push.total)}`;
    case 'pulling':
      return `拉取 ${count(state.pulled)}`;
    case 'idle':
      return state.busyElsewhere ? '另一项同步操作正在进行，稍后自动重试' : '未在同步';
  }
}

/** The short status of the status bar. */
export function shortStatus(state: SyncState, formatTime: (iso: string) => string): string {
  if (state.blocked !== null) return '请更新应用';
  if (state.running) return phaseText(state);
  if (state.lastError !== null && state.failures > 0) return '同步失败，稍后重试';
  if (state.lastSuccessAt !== null) return `上次同步 ${formatTime(state.lastSuccessAt)}`;
  return '尚未同步';
}

/**
 * The headline of the sync page when no sync is running. It never says everything is synced while the
 * server has refused a change (refused changes are not retried and need the worker) or while a change is
 * held on the tablet until the worker fixes a field (待修正).
 */
export function idleHeadline(waiting: number, rejected: number, held = 0): string {
  const parts: string[] = [];
  if (rejected > 0) parts.push(`有 ${count(rejected)} 条修改被服务器拒绝，需要修改后重新提交`);
  if (held > 0) {
    parts.push(
      rejected > 0
        ? `${count(held)} 条修改待修正`
        : `有 ${count(held)} 条修改待修正，修正后会在下次同步时自动提交`,
    );
  }
  if (parts.length === 0) return waiting > 0 ? `还有 ${count(waiting)} 条修改等待同步` : '本机的修改都已同步';
  if (waiting > 0) parts.push(`另有 ${count(waiting)} 条等待同步`);
  return parts.join('，');
}
