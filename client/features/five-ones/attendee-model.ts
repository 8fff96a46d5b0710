import type { Attendee } from '../../../shared/domain/training';
import { checkIdNumber } from '../../../shared/validation/id-number';

export interface AttendeeInput {
  name: string;
  unit: string;
  idNumber: string;
}

export type AttendeeProblems = Partial<Record<keyof AttendeeInput, string>>;

/**
 * Checks one sign-in before it joins the list, with the same limits as the training schema: name and unit
 * required, the ID number optional but valid (GB 11643) and not already signed in.
 */
export function attendeeProblems(
  input: AttendeeInput,
  existing: readonly Pick<Attendee, 'name' | 'idNumber'>[],
  today: string,
): AttendeeProblems {
  const problems: AttendeeProblems = {};
  const name = input.name.trim();
  const unit = input.unit.trim();
  const idNumber = input.idNumber.trim().toUpperCase();
  if (!name) problems.name = '姓名必须填写';
  else if (name.length > 30) problems.name = '姓名不能超过30个字';
  if (!unit) problems.unit = '单位必须填写';
  else if (unit.length > 100) problems.unit = '单位不能超过100个字';
  if (idNumber) {
    const check = checkIdNumber(idNumber, today);
    if (!check.ok) problems.idNumber = `身份证号${check.problem}`;
    else {
      const same = existing.find((a) => a.idNumber?.toUpperCase() === idNumber);
      if (same) problems.idNumber = `身份证号与已签到的${same.name}重复`;
    }
  }
  return problems;
}

/** The attendee as stored: trimmed, the ID number upper-case or left out. */
export function toAttendee(input: AttendeeInput, signedAt: string, signatureSha: string | null): Attendee {
  const idNumber = input.idNumber.trim().toUpperCase();
  return {
    name: input.name.trim(),
    unit: input.unit.trim(),
    ...(idNumber ? { idNumber } : {}),
    signedAt,
    ...(signatureSha ? { signatureSha } : {}),
  };
}

/** The ID number as lists show it: where it was issued and the last four, the birth date hidden (PIPL). */
export function maskId(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` : idNumber;
}

/** Attendees as stored data, keeping only well-formed entries (a damaged entry is never shown as real). */
export function readAttendees(value: unknown): Attendee[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (a): a is Attendee =>
      typeof a === 'object' &&
      a !== null &&
      typeof (a as Attendee).name === 'string' &&
      typeof (a as Attendee).unit === 'string' &&
      typeof (a as Attendee).signedAt === 'string',
  );
}

export function readShas(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}
