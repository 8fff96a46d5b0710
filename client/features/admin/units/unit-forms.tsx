import { useState, type FormEvent, type ReactNode } from 'react';
import { UNIT_LEVEL_LABELS, type UnitLevel } from '../../../../shared/org';
import { CREATABLE_LEVELS, type OrgUnit } from '../../../../shared/org/api';
import { CHILD_LEVELS, parentLevelsOf } from '../../../../shared/org/levels';
import { failureMessage } from '../../review/api/review-api';
import { createUnit, deactivateUnit, moveUnit, renameUnit } from './units-api';
import { moveTargets } from './unit-tree';
import { UnitSelect } from './unit-select';

/** The dialogs of the organisation tree: create, rename, move, deactivate. Each calls `onDone` with a notice. */

interface DialogProps {
  units: readonly OrgUnit[];
  onDone: (notice: string) => void;
  onCancel: () => void;
}

function Dialog({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="card admin-dialog" role="dialog" aria-labelledby={id}>
      <h2 className="card__title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Submitting state and the server's refusal, shared by the four forms. */
function useSubmit(run: () => Promise<string>, onDone: (notice: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    run().then(
      (notice) => {
        setBusy(false);
        onDone(notice);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failureMessage(failure));
      },
    );
  };
  return { busy, error, submit };
}

function Actions({
  busy,
  label,
  onCancel,
  error,
}: {
  busy: boolean;
  label: string;
  onCancel: () => void;
  error: string | null;
}) {
  return (
    <>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="review-page__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? '正在提交…' : label}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          取消
        </button>
      </div>
    </>
  );
}

function Field({
  id,
  label,
  children,
  hint,
}: {
  id: string;
  label: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? <p className="review-hint">{hint}</p> : null}
    </div>
  );
}

const CODE_HINTS: Partial<Record<UnitLevel, string>> = {
  county: 'GB/T 2260 县级行政区划代码，6位，前4位与所属市相同',
  township: 'GB/T 10114 乡镇（街道）代码，9位：县级代码6位加3位',
  grid: 'GB/T 10114 社区（村）代码，12位：乡镇代码9位加3位（网格可再加3位）',
};

export function CreateUnitDialog({
  units,
  parentId,
  onDone,
  onCancel,
}: DialogProps & { parentId: string | null }) {
  const parents = units.filter((u) => u.active && CHILD_LEVELS[u.level].length > 0);
  const [parent, setParent] = useState(parentId ?? parents[0]?.id ?? '');
  const parentUnit = units.find((u) => u.id === parent);
  const levels = CREATABLE_LEVELS.filter(
    (level) => parentUnit && CHILD_LEVELS[parentUnit.level].includes(level),
  );
  const [level, setLevel] = useState<(typeof CREATABLE_LEVELS)[number]>(levels[0] ?? 'enterprise');
  const chosenLevel = levels.includes(level) ? level : (levels[0] ?? 'enterprise');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const enterprise = chosenLevel === 'enterprise';
    const { unit } = await createUnit({
      parentId: parent,
      level: chosenLevel,
      name,
      ...(enterprise ? {} : { code: code.trim() }),
      ...(enterprise && creditCode.trim() ? { creditCode: creditCode.trim() } : {}),
    });
    return `已新建${UNIT_LEVEL_LABELS[unit.level]}“${unit.name}”`;
  }, onDone);
  return (
    <Dialog title="新建单位" id="unit-create-title">
      <form onSubmit={submit}>
        <Field id="unit-parent" label="上级单位">
          <UnitSelect id="unit-parent" units={parents} value={parent} onChange={setParent} />
        </Field>
        <Field id="unit-level" label="级别">
          <select
            id="unit-level"
            className="field__input"
            value={chosenLevel}
            onChange={(e) => setLevel(e.target.value as (typeof CREATABLE_LEVELS)[number])}
          >
            {levels.map((l) => (
              <option key={l} value={l}>
                {UNIT_LEVEL_LABELS[l]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="unit-name" label="单位名称">
          <input
            id="unit-name"
            className="field__input"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {chosenLevel === 'enterprise' ? (
          <Field id="unit-credit-code" label="统一社会信用代码（选填）">
            <input
              id="unit-credit-code"
              className="field__input"
              value={creditCode}
              onChange={(e) => setCreditCode(e.target.value)}
            />
          </Field>
        ) : (
          <Field
            id="unit-code"
            label="单位编码"
            {...(CODE_HINTS[chosenLevel] ? { hint: CODE_HINTS[chosenLevel] } : {})}
          >
            <input
              id="unit-code"
              className="field__input"
              inputMode="numeric"
              placeholder={parentUnit?.code ? `${parentUnit.code}…` : ''}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
        )}
        <Actions busy={busy} label="新建" onCancel={onCancel} error={error} />
      </form>
    </Dialog>
  );
}

export function RenameUnitDialog({ unit, onDone, onCancel }: Omit<DialogProps, 'units'> & { unit: OrgUnit }) {
  const [name, setName] = useState(unit.name);
  const { busy, error, submit } = useSubmit(async () => {
    await renameUnit(unit.id, name);
    return `“${unit.name}”已更名为“${name.trim()}”`;
  }, onDone);
  return (
    <Dialog title={`重命名：${unit.name}`} id="unit-rename-title">
      <form onSubmit={submit}>
        <Field id="unit-new-name" label="新名称">
          <input
            id="unit-new-name"
            className="field__input"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Actions busy={busy} label="保存" onCancel={onCancel} error={error} />
      </form>
    </Dialog>
  );
}

export function MoveUnitDialog({ unit, units, onDone, onCancel }: DialogProps & { unit: OrgUnit }) {
  const targets = moveTargets(units, unit, parentLevelsOf(unit.level));
  const [parent, setParent] = useState(targets[0]?.id ?? '');
  const [code, setCode] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const moved = await moveUnit(unit.id, {
      parentId: parent,
      ...(code.trim() ? { code: code.trim() } : {}),
    });
    const to = units.find((u) => u.id === parent);
    return `“${unit.name}”已迁移到“${to?.name ?? parent}”之下${moved.unit.code && moved.unit.code !== unit.code ? `，新编码 ${moved.unit.code}` : ''}`;
  }, onDone);
  return (
    <Dialog title={`迁移：${unit.name}`} id="unit-move-title">
      <p className="review-hint">
        迁移后，该单位及其下级单位的家庭档案随之归入新的上级单位；原上级单位的平板在下次同步时移除这些档案。
      </p>
      <form onSubmit={submit}>
        <Field id="unit-move-parent" label="新的上级单位">
          <UnitSelect id="unit-move-parent" units={targets} value={parent} onChange={setParent} />
        </Field>
        {unit.level !== 'enterprise' ? (
          <Field
            id="unit-move-code"
            label="新编码（原编码不在新上级编码之下时必填）"
            hint={`原编码：${unit.code ?? '无'}`}
          >
            <input
              id="unit-move-code"
              className="field__input"
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
        ) : null}
        <Actions busy={busy} label="迁移" onCancel={onCancel} error={error} />
      </form>
    </Dialog>
  );
}

export function DeactivateUnitDialog({ unit, units, onDone, onCancel }: DialogProps & { unit: OrgUnit }) {
  const needsTarget = unit.households > 0 || unit.users > 0;
  const targets = units.filter((u) => u.active && u.level === unit.level && u.id !== unit.id);
  const [target, setTarget] = useState(needsTarget ? (targets[0]?.id ?? '') : '');
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const reply = await deactivateUnit(unit.id, { reason, ...(target ? { targetUnitId: target } : {}) });
    const moved =
      reply.movedHouseholds + reply.movedUsers > 0
        ? `，转出 ${reply.movedHouseholds} 户家庭、${reply.movedUsers} 个账号`
        : '';
    return `“${unit.name}”已停用${moved}`;
  }, onDone);
  return (
    <Dialog title={`停用：${unit.name}`} id="unit-deactivate-title">
      {needsTarget ? (
        <p className="notice">
          该单位还有 {unit.households} 户家庭档案和 {unit.users}{' '}
          个账号，停用前须选择转入的同级单位；转移会记入各户的办理记录。
        </p>
      ) : null}
      <form onSubmit={submit}>
        {needsTarget ? (
          <Field id="unit-deactivate-target" label="转入单位">
            <UnitSelect id="unit-deactivate-target" units={targets} value={target} onChange={setTarget} />
          </Field>
        ) : null}
        <Field id="unit-deactivate-reason" label="停用原因">
          <input
            id="unit-deactivate-reason"
            className="field__input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <Actions busy={busy} label="停用" onCancel={onCancel} error={error} />
      </form>
    </Dialog>
  );
}
