import { Link } from 'react-router';
import type { FiguresReply, IndicatorKey } from '../../../shared/indicators';
import { casesLink, rateText } from './oversight-model';

/** One figure as `rate (numerator/denominator)`, each number linking to the cases behind it. */
export function FigureCell({
  figures,
  indicator,
  period,
  unit,
  lagging,
}: {
  figures: FiguresReply;
  indicator: IndicatorKey;
  period: string;
  unit: string | null;
  lagging: boolean;
}) {
  const f = figures[indicator];
  return (
    <td
      className={lagging ? 'oversight-cell oversight-cell--lag' : 'oversight-cell'}
      data-indicator={indicator}
    >
      <strong>{rateText(f.rate)}</strong>{' '}
      <span className="oversight-fraction">
        (<Link to={casesLink(period, unit, indicator, 'numerator')}>{f.numerator}</Link>/
        <Link to={casesLink(period, unit, indicator, 'denominator')}>{f.denominator}</Link>)
      </span>
    </td>
  );
}
