import { useState } from 'react';
import { UNIT_LEVEL_LABELS } from '../../../../shared/org';
import type { OrgUnit } from '../../../../shared/org/api';
import { useCurrentUser } from '../../../auth/use-session';
import { useResource } from '../../review/api/use-resource';
import { ActionNotice, ResourceProgress } from '../../review/resource-parts';
import { CreateUnitDialog, DeactivateUnitDialog, MoveUnitDialog, RenameUnitDialog } from './unit-forms';
import { UnitImportPanel } from './unit-import';
import { getOrgTree } from './units-api';
import { treeRows } from './unit-tree';
import '../../review/review.css';
import './units.css';

type Open =
  | { kind: 'create'; parentId: string | null }
  | { kind: 'rename' | 'move' | 'deactivate'; unit: OrgUnit }
  | { kind: 'import' }
  | null;

/** 组织单位: the administrator's tree of units with create, rename, move, deactivate and CSV import. */
export function UnitsPage() {
  const user = useCurrentUser();
  const [tree, reload] = useResource('org-tree', getOrgTree);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const done = (text: string) => {
    setOpen(null);
    setNotice(text);
    reload();
  };
  const cancel = () => setOpen(null);
  const units = tree.status === 'ready' ? tree.data.units : [];
  const rows = treeRows(units).filter(({ unit }) => showInactive || unit.active);

  return (
    <div className="review-page admin-units">
      <div className="review-page__head">
        <h1 className="review-page__title">组织单位</h1>
        <div className="review-page__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setOpen({ kind: 'create', parentId: null })}
          >
            新建单位
          </button>
          <button type="button" className="button" onClick={() => setOpen({ kind: 'import' })}>
            导入单位名册
          </button>
          <label className="admin-units__toggle">
            <input
              type="checkbox"
              checked={showInactive}
              onChange={(e) => setShowInactive(e.target.checked)}
            />{' '}
            显示已停用
          </label>
        </div>
      </div>
      <ActionNotice text={notice} />
      {open?.kind === 'create' ? (
        <CreateUnitDialog units={units} parentId={open.parentId} onDone={done} onCancel={cancel} />
      ) : null}
      {open?.kind === 'rename' ? <RenameUnitDialog unit={open.unit} onDone={done} onCancel={cancel} /> : null}
      {open?.kind === 'move' ? (
        <MoveUnitDialog unit={open.unit} units={units} onDone={done} onCancel={cancel} />
      ) : null}
      {open?.kind === 'deactivate' ? (
        <DeactivateUnitDialog unit={open.unit} units={units} onDone={done} onCancel={cancel} />
      ) : null}
      {open?.kind === 'import' ? <UnitImportPanel onDone={done} onCancel={cancel} /> : null}
      <ResourceProgress resource={tree} loading="正在读取组织单位…" />
      {tree.status === 'ready' ? (
        <ul className="card admin-tree" aria-label="组织单位树">
          {rows.map(({ unit, depth }) => {
            const own = unit.id === user.unitId;
            return (
              <li
                key={unit.id}
                className={unit.active ? 'admin-tree__row' : 'admin-tree__row admin-tree__row--inactive'}
                style={{ paddingInlineStart: `${depth * 1.5}rem` }}
                data-unit-id={unit.id}
              >
                <div className="admin-tree__name">
                  <strong>{unit.name}</strong>
                  <span className="muted">
                    {UNIT_LEVEL_LABELS[unit.level]}
                    {unit.code ? ` · ${unit.code}` : ''}
                    {unit.creditCode ? ` · 信用代码 ${unit.creditCode}` : ''}
                    {unit.households > 0 ? ` · ${unit.households} 户` : ''}
                    {unit.users > 0 ? ` · ${unit.users} 个账号` : ''}
                    {unit.active ? '' : ' · 已停用'}
                  </span>
                </div>
                {unit.active ? (
                  <div className="admin-tree__actions">
                    {unit.level !== 'enterprise' ? (
                      <button
                        type="button"
                        className="button"
                        onClick={() => setOpen({ kind: 'create', parentId: unit.id })}
                      >
                        新建下级
                      </button>
                    ) : null}
                    {own ? null : (
                      <>
                        <button
                          type="button"
                          className="button"
                          onClick={() => setOpen({ kind: 'rename', unit })}
                        >
                          重命名
                        </button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => setOpen({ kind: 'move', unit })}
                        >
                          迁移
                        </button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => setOpen({ kind: 'deactivate', unit })}
                        >
                          停用
                        </button>
                      </>
                    )}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
