import { z } from 'zod';
import { todayInChina } from '../validation/clock';
import { checkIdNumber } from '../validation/id-number';
import { SCHEMA_VERSION } from './schema-version';

/**
 * The machinery every record type shares. A record's data is a flat object, one key per form field,
 * because sync merges per top-level key. Each field has one schema for a well-formed value; "draft" and
 * "final" differ only in which fields must be present and which cross-field rules apply. Every message
 * is zh-CN and names the field ("户主身份证号" + "校验位错误").
 */

export type FieldShape = Record<string, z.ZodType>;
export type ValidationMode = 'draft' | 'final';
export type ValidationIssue = { path: string; message: string };
export type ValidationResult =
  { ok: true; data: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] };
export type ValidateOptions = {
  /** `YYYY-MM-DD`; defaults to today in China from the device clock. */
  today?: string;
};

/** Data as stored while a form is being filled: each field may be missing or cleared (null). */
export type DraftOf<S extends FieldShape> = { [K in keyof S]?: z.output<S[K]> | null };
/** Data that passed final validation: required fields are present. */
export type FinalOf<S extends FieldShape, R extends keyof S> = { [K in R]: z.output<S[K]> } & {
  [K in Exclude<keyof S, R>]?: z.output<S[K]> | null;
};

export type RuleContext = {
  mode: ValidationMode;
  today: string;
  /** Reports a problem; `fragment` completes the label of the path ("不能包含主要致困原因"). */
  report(path: string | readonly (string | number)[], fragment: string): void;
};

export type RecordSpec<S extends FieldShape, R extends keyof S & string> = {
  /** The Chinese term for the record ("困难职工家庭档案"). */
  term: string;
  fields: S;
  labels: { [K in keyof S]: string };
  /** Labels for keys inside array items and nested objects, e.g. signerName → 签名人姓名. */
  itemLabels?: Record<string, string>;
  required: readonly R[];
  /** `YYYY-MM-DD` fields that may not be after today. */
  notAfterToday?: readonly (keyof S & string)[];
  /** ID-number fields whose birth date may not be after today. */
  idNumberFields?: readonly (keyof S & string)[];
  /** Cross-field rules; they see only fields that are individually well-formed. */
  rules?: (data: DraftOf<S>, ctx: RuleContext) => void;
};

export type DraftShape<S extends FieldShape> = { [K in keyof S]: z.ZodOptional<z.ZodNullable<S[K]>> };

export type RecordDefinition<S extends FieldShape, R extends keyof S & string> = RecordSpec<S, R> & {
  schemaVersion: number;
  /** Field-by-field shape check (no required fields, no cross-field rules); described with the term. */
  draftSchema: z.ZodObject<DraftShape<S>, z.core.$strict>;
  validate(data: unknown, mode: ValidationMode, options?: ValidateOptions): ValidationResult;
};

const TYPE_FRAGMENTS: Record<string, string> = {
  string: '必须是文字',
  number: '必须是数字',
  int: '必须是整数',
  boolean: '必须选择“是”或“否”',
  array: '必须是列表',
  object: '格式不正确',
};

/** Fragments for zod's built-in issues; schemas that carry their own message keep it. */
export const fragmentErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return '必须填写';
      return TYPE_FRAGMENTS[issue.expected] ?? '格式不正确';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少需要${min}个字`;
      if (issue.origin === 'array') return min <= 1 ? '至少需要一项' : `至少需要${min}项`;
      return issue.inclusive === false ? `必须大于${min}` : `不能小于${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字`;
      if (issue.origin === 'array') return `最多${max}项`;
      return issue.inclusive === false ? `必须小于${max}` : `不能大于${max}`;
    }
    case 'invalid_value':
      return '不是有效的选项';
    case 'unrecognized_keys':
      return `包含未知字段：${issue.keys.join('、')}`;
    case 'custom':
      return '不符合要求';
    default:
      return '格式不正确';
  }
};

function pathLabel(
  labels: Record<string, string>,
  itemLabels: Record<string, string>,
  path: readonly (string | number)[],
): string {
  const [head, ...rest] = path;
  if (head === undefined) return '';
  let label = labels[String(head)] ?? String(head);
  for (const segment of rest) {
    label += typeof segment === 'number' ? `第${segment + 1}项` : (itemLabels[segment] ?? segment);
  }
  return label;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text fields left blank arrive as "" or spaces; both mean "not filled", stored as null. */
function isBlank(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Whether field schemas run compiled (`z.compile`: the same values, issues and messages, several times
 * faster). Only the server turns it on, through `compileRecordValidators`; the tablet's CSP forbids the
 * code generation that compiling needs, so there every schema keeps running as defined.
 */
let compileFields = false;
const fieldCompilers: (() => void)[] = [];

/** Server start: every record type's field schemas (defined now or later) run compiled from here on. */
export function compileRecordValidators(): void {
  if (compileFields) return;
  compileFields = true;
  for (const compileOwn of fieldCompilers.splice(0)) compileOwn();
}

export function defineRecord<S extends FieldShape, R extends keyof S & string>(
  spec: RecordSpec<S, R>,
): RecordDefinition<S, R> {
  const labels: Record<string, string> = spec.labels;
  const itemLabels = spec.itemLabels ?? {};
  const required = new Set<string>(spec.required);
  let fieldEntries: [string, z.ZodType][] = Object.entries(spec.fields);
  const compileOwn = () => {
    fieldEntries = fieldEntries.map(([key, schema]) => [key, z.compile(schema)]);
  };
  if (compileFields) compileOwn();
  else fieldCompilers.push(compileOwn);

  function validate(data: unknown, mode: ValidationMode, options: ValidateOptions = {}): ValidationResult {
    const today = options.today ?? todayInChina();
    if (!isPlainObject(data)) {
      return { ok: false, issues: [{ path: '', message: `${spec.term}数据必须是对象` }] };
    }
    const issues: ValidationIssue[] = [];
    const report = (path: string | readonly (string | number)[], fragment: string) => {
      const segments = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path;
      issues.push({ path: segments.join('.'), message: pathLabel(labels, itemLabels, segments) + fragment });
    };

    for (const key of Object.keys(data)) {
      if (!Object.hasOwn(spec.fields, key)) issues.push({ path: key, message: `包含未知字段“${key}”` });
    }

    const clean: Record<string, unknown> = {};
    for (const [key, schema] of fieldEntries) {
      if (!Object.hasOwn(data, key) || data[key] === undefined) {
        if (mode === 'final' && required.has(key)) report([key], '必须填写');
        continue;
      }
      const value = data[key];
      if (isBlank(value)) {
        if (mode === 'final' && required.has(key)) report([key], '必须填写');
        else clean[key] = null;
        continue;
      }
      const parsed = schema.safeParse(value, { error: fragmentErrorMap });
      if (parsed.success) {
        clean[key] = parsed.data;
      } else {
        for (const issue of parsed.error.issues) {
          const nested = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
          report([key, ...nested], issue.message);
        }
      }
    }

    for (const key of spec.notAfterToday ?? []) {
      const value = clean[key];
      if (typeof value === 'string' && value > today) report([key], `不能晚于今天（${today}）`);
    }
    for (const key of spec.idNumberFields ?? []) {
      const value = clean[key];
      if (typeof value !== 'string') continue;
      const result = checkIdNumber(value, today);
      if (!result.ok) report([key], result.problem);
    }
    spec.rules?.(clean as DraftOf<S>, { mode, today, report });

    return issues.length > 0 ? { ok: false, issues } : { ok: true, data: clean };
  }

  const draftShape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(spec.fields)) draftShape[key] = schema.nullable().optional();
  // The mapped shape is built key by key above, so its static type is asserted here once.
  const draftSchema = z.strictObject(draftShape as DraftShape<S>).describe(spec.term);

  return { ...spec, schemaVersion: SCHEMA_VERSION, draftSchema, validate };
}
