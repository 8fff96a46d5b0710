import { createContext, useContext } from 'react';
import type { RecordData } from '../../db/types';
import type { RecordTarget } from './form-model';

/** One record as the form shows it: stored data with the typed, not yet written, values on top. */
export interface FormRecord {
  target: RecordTarget;
  data: RecordData;
  /** zh-CN message per field (draft rules while typing; final rules after a finalise attempt). */
  issues: ReadonlyMap<string, string>;
}

export interface VisitFormContextValue {
  readOnly: boolean;
  /** Records an edit (autosaved shortly after). */
  set(target: RecordTarget, field: string, value: unknown): void;
  /** Writes what is waiting now (a field lost focus). */
  flush(): void;
}

export const VisitFormContext = createContext<VisitFormContextValue | null>(null);

export function useVisitForm(): VisitFormContextValue {
  const value = useContext(VisitFormContext);
  if (!value) throw new Error('form fields must be rendered inside the visit form');
  return value;
}
