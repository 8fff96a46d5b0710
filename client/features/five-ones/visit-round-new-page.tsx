import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { validateFinal, type ValidationIssue } from '../../../shared/domain/records';
import { ROLES } from '../../../shared/roles';
import { todayInChina } from '../../../shared/validation/clock';
import { useCurrentUser } from '../../auth/use-session';
import { createRecord } from '../../db/records';
import { householdChoices } from './five-ones-data';
import { FieldErrors, issuesAt, TextField } from './form-fields';
import { PICKER_LIMIT, filterHouseholds, toggleAll } from './round-form-model';
import './five-ones.css';

/**
 * A township union sets a home-visit round for its grids: a name, the dates, and the households to visit
 * (chosen among those on this tablet). The round belongs to the township's own unit.
 */
export function VisitRoundNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const households = useLiveQuery(householdChoices, []);
  const today = todayInChina();
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState(today);
  const [endDate, setEndDate] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (user.role !== ROLES.townshipStaff) {
    return (
      <section className="card">
        <h1 className="card__title">只有乡镇（街道）工会可以布置走访轮次</h1>
        <Link to="/five-ones/visit-rounds" className="button button--primary">
          返回走访轮次
        </Link>
      </section>
    );
  }

  const matches = households ? filterHouseholds(households, search) : [];
  const shown = matches.slice(0, PICKER_LIMIT);
  const matchIds = matches.map((h) => h.id);
  const allMatchedSelected = matchIds.length > 0 && matchIds.every((id) => selected.has(id));

  const create = async () => {
    const data = {
      unitId: user.unitId,
      name: name.trim() === '' ? null : name,
      startDate: startDate || null,
      endDate: endDate || null,
      householdIds: (households ?? []).filter((h) => selected.has(h.id)).map((h) => h.id),
    };
    const result = validateFinal('visitRound', data, { today });
    const found = result.ok ? [] : [...result.issues];
    if (data.householdIds.length === 0)
      found.push({ path: 'householdIds', message: '请至少选择一户走访家庭' });
    setIssues(found);
    if (found.length > 0) return;
    setSaving(true);
    setFailure(null);
    try {
      const row = await createRecord('visitRound', user.unitId, data);
      void navigate(`/five-ones/visit-rounds/${row.id}`, { replace: true });
    } catch {
      setFailure('无法在本机保存走访轮次，请检查存储空间');
      setSaving(false);
    }
  };

  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones/visit-rounds" className="inline-link">
          ← 走访轮次
        </Link>
        <h1 className="five-ones-page__title">新建走访轮次</h1>
      </div>
      <section className="card" aria-label="轮次信息">
        <p className="muted">布置单位：{user.unitName}</p>
        <div className="form-grid">
          <TextField
            label="轮次名称"
            value={name}
            maxLength={100}
            errors={issuesAt(issues, 'name')}
            onValue={setName}
          />
          <TextField
            label="开始日期"
            type="date"
            value={startDate}
            errors={issuesAt(issues, 'startDate')}
            onValue={setStartDate}
          />
          <TextField
            label="结束日期"
            type="date"
            value={endDate}
            min={startDate || undefined}
            errors={issuesAt(issues, 'endDate')}
            onValue={setEndDate}
          />
        </div>
      </section>
      <section className="card" aria-label="选择走访家庭">
        <h2 className="card__title">走访家庭（已选 {selected.size} 户）</h2>
        <FieldErrors messages={issuesAt(issues, 'householdIds')} />
        <TextField label="按户主姓名或地址查找" type="search" value={search} onValue={setSearch} />
        <div className="five-ones-actions five-ones-actions--start">
          <button
            type="button"
            className="button"
            disabled={matchIds.length === 0}
            onClick={() => setSelected(toggleAll(selected, matchIds, !allMatchedSelected))}
          >
            {allMatchedSelected ? `取消选择这 ${matchIds.length} 户` : `全选这 ${matchIds.length} 户`}
          </button>
          <button
            type="button"
            className="button"
            disabled={selected.size === 0}
            onClick={() => setSelected(new Set())}
          >
            清空选择
          </button>
        </div>
        {households === undefined ? <p className="muted">正在读取本机家庭…</p> : null}
        {households?.length === 0 ? <p className="notice">本机还没有困难职工家庭，请先同步。</p> : null}
        <ul className="pick-list" aria-label="可选家庭">
          {shown.map((h) => (
            <li key={h.id}>
              <label className="pick-list__item">
                <input
                  type="checkbox"
                  checked={selected.has(h.id)}
                  onChange={(event) => setSelected(toggleAll(selected, [h.id], event.target.checked))}
                />
                <span>
                  <strong>{h.headName || '（未填写户主姓名）'}</strong>
                  <span className="muted"> {h.address || '地址未填'}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {matches.length > shown.length ? (
          <p className="muted">
            共 {matches.length} 户符合条件，仅列出前 {PICKER_LIMIT}{' '}
            户；可输入姓名或地址缩小范围，“全选”包括未列出的家庭。
          </p>
        ) : null}
      </section>
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="five-ones-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={saving}
          onClick={() => void create()}
        >
          创建走访轮次
        </button>
      </div>
    </div>
  );
}
