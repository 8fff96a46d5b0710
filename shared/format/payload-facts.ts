import { CATEGORY_LABELS } from '../domain/household-codes';
import { maskBankCard } from '../loop/bank-card';
import { LOOP_COMMANDS, type LoopCommandName } from '../loop/commands';
import { ENTRY_CHANNEL_LABELS, LOOP_STAGE_LABELS } from '../loop/stages';
import {
  ASSISTANCE_MEASURE_LABELS,
  COMPARISON_RESULT_LABELS,
  COMPARISON_SOURCE_LABELS,
  EXIT_REASON_LABELS,
  FOLLOW_UP_TREND_LABELS,
  OBJECTION_OUTCOME_LABELS,
  PLAN_DECISION_LABELS,
} from '../loop/vocabulary';
import { formatFen } from '../validation/money';
import { formatPlain, isOpaqueId } from './field-value';
import { FUND_KIND_LABELS } from '../funds/kinds';

/**
 * What a step recorded (its payload on the timeline) as labelled facts: the step's own field labels, code
 * lists by their zh-CN labels, money in yuan, the bank card masked. Internal record ids are left out.
 */

export interface PayloadFact {
  label: string;
  /** One line, or several for a list (items to fix, per-source comparison results, plan measures). */
  lines: string[];
}

export const ENTRY_MODE_LABELS: Record<string, string> = { manual: '手工录入', csv_import: 'CSV 导入' };

type Labels = Readonly<Record<string, string>>;

const CODE_LABELS: Readonly<Record<string, Labels>> = {
  entryChannel: ENTRY_CHANNEL_LABELS,
  category: CATEGORY_LABELS,
  suggestedCategory: CATEGORY_LABELS,
  source: COMPARISON_SOURCE_LABELS,
  result: COMPARISON_RESULT_LABELS,
  via: ENTRY_MODE_LABELS,
  measure: ASSISTANCE_MEASURE_LABELS,
  decision: PLAN_DECISION_LABELS,
  outcome: OBJECTION_OUTCOME_LABELS,
  reopenAt: LOOP_STAGE_LABELS,
  restartAt: LOOP_STAGE_LABELS,
  trend: FOLLOW_UP_TREND_LABELS,
  fundKind: FUND_KIND_LABELS,
};

/** Keys that only link records together; the timeline has nothing to say with them. */
const HIDDEN_KEYS: ReadonlySet<string> = new Set(['visitId', 'batchId', 'objectionId']);

/** Lists of sentences, one per line (short lists such as attendees stay on one line). */
const LISTED_KEYS: ReadonlySet<string> = new Set(['itemsToFix', 'missingMaterials']);

/** Extra labels for keys inside list items, where the step's labels may not name them. */
const ITEM_LABELS: Readonly<Record<string, string>> = {
  source: '数据来源',
  result: '结果',
  note: '说明',
  measure: '措施',
  amountFen: '金额',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function formatValue(command: string, key: string, value: unknown): string {
  if (command === 'exit' && key === 'reason' && typeof value === 'string')
    return EXIT_REASON_LABELS[value as keyof typeof EXIT_REASON_LABELS] ?? value;
  const labels = CODE_LABELS[key];
  if (labels && typeof value === 'string') return labels[value] ?? value;
  if (key === 'amountFen' && typeof value === 'number') return formatFen(value);
  if (key === 'bankCardLast4' && typeof value === 'string') return maskBankCard(value);
  if (key === 'suggestedCategory' && value === null) return '无系统建议';
  return formatPlain(value);
}

function itemLine(command: string, item: unknown, labels: Record<string, string>): string {
  if (!isRecord(item)) return formatPlain(item);
  if (typeof item.measure === 'string') {
    // A plan measure under the label 帮扶措施: "生活救助 ¥3,000.00，说明：…", not "措施：生活救助，金额：…".
    const head = [formatValue(command, 'measure', item.measure)];
    if (typeof item.amountFen === 'number' && item.amountFen > 0) head.push(formatFen(item.amountFen));
    const note = typeof item.note === 'string' && item.note.trim() !== '' ? `，说明：${item.note}` : '';
    return `${head.join(' ')}${note}`;
  }
  return Object.entries(item)
    .filter(([key, value]) => !isBlank(value) && !HIDDEN_KEYS.has(key))
    .map(([key, value]) => `${ITEM_LABELS[key] ?? labels[key] ?? key}：${formatValue(command, key, value)}`)
    .join('，');
}

function isCommandName(name: string): name is LoopCommandName {
  return Object.hasOwn(LOOP_COMMANDS, name);
}

export function payloadFacts(command: string, payload: unknown): PayloadFact[] {
  if (!isRecord(payload)) return [];
  const labels: Record<string, string> = isCommandName(command) ? LOOP_COMMANDS[command].fieldLabels : {};
  const facts: PayloadFact[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (HIDDEN_KEYS.has(key) || isBlank(value) || isOpaqueId(value)) continue;
    const label = labels[key] ?? key;
    if (Array.isArray(value)) {
      const lines = value.map((item) => itemLine(command, item, labels));
      const oneLine = !LISTED_KEYS.has(key) && value.every((item) => !isRecord(item));
      facts.push({ label, lines: oneLine ? [lines.join('、')] : lines });
    } else {
      facts.push({ label, lines: [formatValue(command, key, value)] });
    }
  }
  return facts;
}
