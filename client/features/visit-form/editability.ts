import type { LoopStage } from '../../../shared/loop/stages';

/** Where this visit's submission (the `submitVisit` command) stands on the tablet. */
export type SubmitState =
  | { kind: 'none' }
  /** Waiting in the outbox or being sent. */
  | { kind: 'pending' }
  /** The server refused it; the reason stays visible and the worker may correct and finalise again. */
  | { kind: 'rejected'; reason: string };

export interface Editability {
  editable: boolean;
  /** A reviewer sent the case back: the form is open again and their comments are shown on top. */
  returned: boolean;
  /** Why the form is read-only (zh-CN), or null when it is editable. */
  lockedReason: string | null;
}

/**
 * Whether the worker may change a visit (and the household through it) on the tablet. A draft is open; a
 * finalised visit is locked once submitted, unless it is the household's latest visit and a reviewer
 * returned the case (退回补正) or the server refused the submission. A submission still waiting to be sent
 * keeps the form locked so the same visit is never submitted twice.
 */
export function visitEditability(input: {
  visitStatus: unknown;
  stage: LoopStage | null;
  isLatestVisit: boolean;
  submit: SubmitState;
}): Editability {
  const returned = input.stage === 'returned' && input.isLatestVisit;
  if (input.visitStatus !== 'final') return { editable: true, returned, lockedReason: null };
  if (input.submit.kind === 'pending') {
    return { editable: false, returned: false, lockedReason: '走访已完成，正在等待同步提交，暂不能修改。' };
  }
  if (returned) return { editable: true, returned, lockedReason: null };
  if (input.submit.kind === 'rejected' && input.isLatestVisit) {
    return { editable: true, returned: false, lockedReason: null };
  }
  return { editable: false, returned: false, lockedReason: '走访已完成并提交初审，不能再修改。' };
}

/**
 * The badge of a visit. Only a finalised visit is ever locked, so a locked visit is 已定稿 (also while its
 * corrected submission waits to be sent); a visit open again is 退回修改中 (退回补正) or 待重新提交 (the server
 * refused the submission) — never 已定稿 — and a draft is 草稿.
 */
export function visitStatusLabel(visitStatus: unknown, editability: Editability): string {
  if (!editability.editable) return '已定稿';
  if (editability.returned) return '退回修改中';
  return visitStatus === 'final' ? '待重新提交' : '草稿';
}
