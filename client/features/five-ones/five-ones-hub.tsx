import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { fiveOnesCounts } from './five-ones-data';
import './five-ones.css';

/**
 * The "five ones" (五个一) county unions run to find households in need. Three of them are done on the
 * tablet; the data comparison and the ledger are the county's work in the office.
 */
export function FiveOnesHub() {
  const counts = useLiveQuery(fiveOnesCounts, []);
  const count = (n: number | undefined, unit: string) => (n === undefined ? '…' : `${n} ${unit}`);
  return (
    <div className="five-ones-page">
      <h1 className="five-ones-page__title">五个一</h1>
      <p className="muted">
        开展一次数据比对、组织一次入户走访、开展一次自我评估、建立一本清单台账、开展一次政策培训。以下三项可在平板上离线完成。
      </p>
      <div className="page">
        <Link to="/five-ones/visit-rounds" className="card hub-card">
          <h2 className="card__title">入户走访轮次</h2>
          <p className="muted">查看本轮哪些家庭已走访、哪些还未走访。</p>
          <p className="hub-card__count">{count(counts?.visitRounds, '个轮次')}</p>
        </Link>
        <Link to="/five-ones/self-assessments" className="card hub-card">
          <h2 className="card__title">自我评估</h2>
          <p className="muted">乡镇（街道）、县级工会按问卷自评，实时计分。</p>
          <p className="hub-card__count">{count(counts?.selfAssessments, '份')}</p>
        </Link>
        <Link to="/five-ones/trainings" className="card hub-card">
          <h2 className="card__title">政策培训</h2>
          <p className="muted">记录培训信息，参训人员在平板上签到、签名，拍摄现场照片。</p>
          <p className="hub-card__count">{count(counts?.trainings, '次')}</p>
        </Link>
      </div>
    </div>
  );
}
