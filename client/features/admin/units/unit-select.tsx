import type { OrgUnit } from '../../../../shared/org/api';
import { unitLabel } from './unit-tree';

/** A choice of units, each named with its level and code (新建, 迁移, 停用 and the case page's 转移). */
export function UnitSelect({
  id,
  units,
  value,
  onChange,
}: {
  id: string;
  units: readonly OrgUnit[];
  value: string;
  onChange: (unitId: string) => void;
}) {
  return (
    <select id={id} className="field__input" value={value} onChange={(e) => onChange(e.target.value)}>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {unitLabel(u)}
        </option>
      ))}
    </select>
  );
}
