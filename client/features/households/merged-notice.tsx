import { Link } from 'react-router';
import type { MergeTarget } from '../../db/merged';
import './merged-notice.css';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * A household the county merged into another one (one person, one file): says so and links to the
 * household that holds the file now when it is on this tablet (`mergeTargetOf`, client/db/merged.ts).
 * `hasLocalCopy`: the merged household's row is still here (an edit of it is waiting to be pushed).
 */
export function MergedHouseholdNotice({
  target,
  hasLocalCopy,
}: {
  target: MergeTarget;
  hasLocalCopy: boolean;
}) {
  const headName = target.survivor ? text(target.survivor.data.headName) : null;
  return (
    <section className="card hh-merged" role="status" aria-labelledby="hh-merged-title">
      <h1 className="card__title" id="hh-merged-title">
        该户已与另一户合并（重复建档核实后合并）
      </h1>
      {target.survivor ? (
        <p>
          本户的家庭成员、走访记录和材料已并入另一户的档案。
          <Link className="button button--primary hh-merged__link" to={`/households/${target.survivorId}`}>
            查看合并后的家庭{headName ? `（户主：${headName}）` : ''}
          </Link>
        </p>
      ) : (
        <p>合并后的档案由其他单位管理，不在本机；如需查看请联系县总帮扶中心。</p>
      )}
      {hasLocalCopy ? (
        <p className="muted">本机还有对该户的修改尚未同步，同步后由服务器处理。</p>
      ) : (
        <Link className="button" to="/households">
          返回我的家庭户
        </Link>
      )}
    </section>
  );
}
