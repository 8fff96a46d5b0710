import type { SessionUser } from '../auth/sessions';
import type { CaseEvent, LoopCommandPayload } from '../../shared/loop';
import { maskBankCard } from '../../shared/loop';
import type { CaseCommentData } from '../../shared/cases/records';
import { formatFen } from '../../shared/validation/money';

/**
 * The message a step leaves for the household's grid worker, pulled by their tablet: the reviewer's
 * comments and what to fix when a case is returned, and "已发放" when the assistance has been paid.
 * Other steps leave none.
 */
export function commentFor(
  event: CaseEvent,
  eventId: string,
  householdId: string,
  actor: SessionUser,
): CaseCommentData | null {
  const common = {
    householdId,
    eventId,
    command: event.command,
    cycle: event.cycle,
    at: event.at,
    actorId: actor.id,
    actorName: actor.displayName,
    actorRole: actor.role,
    actorUnitId: actor.unitId,
    actorUnitName: actor.unitName,
  };
  if (event.command === 'returnForCorrection' || event.command === 'returnToGrid') {
    const payload = event.payload as LoopCommandPayload<'returnForCorrection'>;
    return {
      ...common,
      kind: 'returned',
      title: event.command === 'returnForCorrection' ? '县总退回补正' : '乡镇退回补正',
      body: payload.comments,
      items: [...payload.itemsToFix],
      amountFen: null,
      paidOn: null,
      bankCardMasked: null,
    };
  }
  if (event.command === 'disburse') {
    const payload = event.payload as LoopCommandPayload<'disburse'>;
    const card = maskBankCard(payload.bankCardLast4);
    return {
      ...common,
      kind: 'disbursed',
      title: '已发放',
      body:
        `帮扶资金${formatFen(payload.amountFen)}已于${payload.paidOn}打卡发放至银行卡 ${card}，请告知职工。` +
        (payload.note ? `备注：${payload.note}` : ''),
      items: [],
      amountFen: payload.amountFen,
      paidOn: payload.paidOn,
      bankCardMasked: card,
    };
  }
  return null;
}
