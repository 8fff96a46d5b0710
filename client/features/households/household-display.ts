import { CATEGORY_LABELS, categorySchema } from '../../../shared/domain/household-codes';
import { LOOP_STAGE_LABELS, loopStageSchema } from '../../../shared/loop/stages';
import type { RecordData } from '../../db/types';

/**
 * The ID number as the list shows it: the first 6 digits (where the card was issued) and the last 4 (what
 * people quote), the birth date in between hidden. Sensitive personal information (PIPL art. 28) is shown
 * only as far as a worker needs to tell households apart.
 */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 10)
    return value.length > 4 ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : value;
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

function text(data: RecordData, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export const UNNAMED_HEAD = '（未填写户主姓名）';

/** What one row of the household list shows, read from a household's data. */
export interface HouseholdSummary {
  headName: string;
  maskedIdNumber: string | null;
  address: string | null;
  stageLabel: string;
  categoryLabel: string;
}

export function householdSummary(data: RecordData): HouseholdSummary {
  const idNumber = text(data, 'headIdNumber');
  const stage = loopStageSchema.safeParse(data.stage);
  const category = categorySchema.safeParse(data.category);
  return {
    headName: text(data, 'headName') ?? UNNAMED_HEAD,
    maskedIdNumber: idNumber ? maskIdNumber(idNumber) : null,
    address: text(data, 'address'),
    stageLabel: stage.success ? LOOP_STAGE_LABELS[stage.data] : '未知环节',
    categoryLabel: category.success ? CATEGORY_LABELS[category.data] : CATEGORY_LABELS.unclassified,
  };
}

/**
 * The county (GB/T 2260, 6 digits) a unit lies in, from its path (`341600/341602/341602001/…`): the last
 * 6-digit id on the path, which is the county once the path reaches below the city. Null above county level.
 */
export function countyCodeOf(unitPath: string): string | null {
  const ids = unitPath.split('/').filter((id) => /^\d{6}$/.test(id));
  const county = ids.length >= 2 ? ids[ids.length - 1] : ids[0];
  return county && !county.endsWith('00') ? county : null;
}
