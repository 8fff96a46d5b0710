import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { Role } from '../../shared/roles';
import { ROLE_LABELS } from '../../shared/roles';
import { useSession } from '../auth/use-session';
import { localSummary } from '../db/summary';
import { formatDateTime } from '../shell/format';
import { RoundDueCard } from '../features/households/round-due-card';

// Office code, loaded only for the administrator's home.
const ScanPanel = lazy(() =>
  import('../features/review/duplicates/scan-panel').then((m) => ({ default: m.ScanPanel })),
);

/** What each role does in the closed loop (see shared/domain.md), as the home page introduces it. */
const ROLE_DUTIES: Record<Role, string> = {
  grid_worker: '入户走访、收集资料、初审。没有网络时也可以填写走访调查表，联网后同步。',
  township_staff: '汇总本乡镇（街道）的走访记录，检查材料完整性后上报县总帮扶中心。',
  county_staff: '审核、信息比对、分类认定、帮扶方案与集体审批、公示、资金发放与动态管理。',
  city_staff: '备案、监督各县（区）工作进展与绩效指标。',
  admin: '管理组织单位与用户账号。',
};

export function HomePage() {
  const session = useSession();
  const summary = useLiveQuery(localSummary, []);
  if (session.status !== 'unlocked') return null;
  const { user } = session;
  return (
    <div className="page">
      <section className="card">
        <h1 className="card__title">{user.displayName}，您好</h1>
        <p className="muted">{ROLE_DUTIES[user.role]}</p>
        <dl className="facts">
          <dt>角色</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
          <dt>所在单位</dt>
          <dd>{user.unitName}</dd>
          <dt>单位编码</dt>
          <dd>{user.unitId}</dd>
          <dt>登录有效期至</dt>
          <dd>{formatDateTime(session.expiresAt)}</dd>
        </dl>
      </section>
      {user.role === 'grid_worker' ? (
        <section className="card">
          <h2 className="card__title">本轮走访（动态管理）</h2>
          <RoundDueCard />
        </section>
      ) : null}
      {user.role === 'admin' ? (
        <section className="card" aria-labelledby="admin-links-title">
          <h2 className="card__title" id="admin-links-title">
            系统管理
          </h2>
          <ul>
            <li>
              <Link className="inline-link" to="/admin/users">
                用户账号
              </Link>
              ：新建、批量导入、重置密码、停用，查看上次登录和设备
            </li>
            <li>
              <Link className="inline-link" to="/admin/units">
                组织单位
              </Link>
              ：县（区）、乡镇（街道）、社区/网格和企业工会
            </li>
            <li>
              <Link className="inline-link" to="/admin/audit">
                操作日志
              </Link>
              ：各账号的操作记录
            </li>
          </ul>
        </section>
      ) : null}
      {user.role === 'admin' ? (
        <section className="card">
          <h2 className="card__title">一人一档</h2>
          <p className="muted">检查已存档案中同一身份证号出现在多户的情况，发现的重复交县总帮扶中心核实。</p>
          <Suspense fallback={<p className="muted">正在打开…</p>}>
            <ScanPanel />
          </Suspense>
        </section>
      ) : null}
      <section className="card">
        <h2 className="card__title">本机数据</h2>
        {summary ? (
          <dl className="facts">
            <dt>困难职工户</dt>
            <dd>{summary.households} 户</dd>
            <dt>走访调查表</dt>
            <dd>{summary.visits} 份</dd>
            <dt>政策培训</dt>
            <dd>{summary.trainings} 次</dd>
            <dt>未同步的记录</dt>
            <dd>{summary.unsynced} 条</dd>
            <dt>上次同步</dt>
            <dd>{summary.lastSyncAt ? formatDateTime(summary.lastSyncAt) : '尚未同步'}</dd>
          </dl>
        ) : (
          <p className="muted">正在读取本机数据…</p>
        )}
      </section>
    </div>
  );
}
