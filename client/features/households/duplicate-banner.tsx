import { useLiveQuery } from 'dexie-react-hooks';
import { FINDING_KIND_LABELS } from '../../../shared/identity/api';
import { householdFindings, type LocalFinding } from '../../db/identity';

/** Resolved findings are mentioned for this long after they were settled, then no more. */
const RECENTLY_RESOLVED_DAYS = 30;

function recentlyResolved(finding: LocalFinding, now: number): boolean {
  if (finding.status === 'open' || !finding.resolvedAt) return false;
  return now - Date.parse(finding.resolvedAt) < RECENTLY_RESOLVED_DAYS * 24 * 3600 * 1000;
}

/**
 * Why the household's case is on hold: the server found the same person filed in another household
 * (one person, one file) and the county has to settle it. Settled findings are mentioned for a while.
 */
export function DuplicateFindingBanner({ householdId }: { householdId: string }) {
  const findings = useLiveQuery(async () => {
    const all = await householdFindings(householdId);
    const now = Date.now();
    return {
      open: all.filter((finding) => finding.status === 'open'),
      resolved: all.filter((finding) => recentlyResolved(finding, now)).slice(0, 2),
    };
  }, [householdId]);
  if (!findings) return null;
  const { open, resolved } = findings;
  if (open.length === 0 && resolved.length === 0) return null;
  return (
    <>
      {open.length > 0 ? (
        <section className="card hh-hold" role="alert" aria-labelledby="hh-hold-title">
          <h2 className="card__title" id="hh-hold-title">
            本户暂停办理：重复建档待核实
          </h2>
          {open.map((finding) => (
            <p key={finding.id} className="hh-hold__message">
              <span className="hh-badge hh-badge--hold">{FINDING_KIND_LABELS[finding.kind]}</span>{' '}
              {finding.message}
            </p>
          ))}
          <p className="muted">县总帮扶中心核实前，本户案件不会进入下一环节；走访记录可以照常填写和同步。</p>
        </section>
      ) : null}
      {resolved.map((finding) => (
        <p key={finding.id} className="hh-hold-resolved muted">
          重复建档核查已处理{finding.resolutionText ? `：${finding.resolutionText}` : '。'}
        </p>
      ))}
    </>
  );
}
