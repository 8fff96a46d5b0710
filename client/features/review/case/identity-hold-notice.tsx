import { Link } from 'react-router';
import { useCurrentUser } from '../../../auth/use-session';
import { getIdentityHold } from '../api/identity-api';
import { useResource } from '../api/use-resource';
import { DUPLICATE_ROLES } from '../review-roles';
import './identity-hold-notice.css';

/**
 * 暂停办理: the case is held by an open same-ID finding (one person, one file, docs/identity.md), so every
 * step on it is refused with `identity_hold` until the county or city settles the finding in the
 * duplicate queue. Asked separately (GET /api/identity/holds/:caseId) and shown only when held; a failed
 * answer shows nothing (the step itself still says why it was refused).
 */
export function IdentityHoldNotice({ caseId, version }: { caseId: string; version: number }) {
  const user = useCurrentUser();
  const [hold] = useResource(`identity-hold:${caseId}:${version}`, () => getIdentityHold(caseId));
  if (hold.status !== 'ready' || !hold.data.held) return null;
  return (
    <section className="notice notice--warning review-hold" role="alert" aria-labelledby="review-hold-title">
      <h2 className="review-hold__title" id="review-hold-title">
        暂停办理：重复建档待核实
      </h2>
      <p className="review-hold__text">
        本户的户主或家庭成员身份证号已在另一户建档。核实前，本案件的各环节操作都会被拒绝；走访记录仍可照常同步。
      </p>
      {DUPLICATE_ROLES.includes(user.role) ? (
        <Link className="button button--primary" to="/duplicates">
          前往重复建档核查
        </Link>
      ) : (
        <p className="review-hold__text">由县总工会帮扶中心在“重复建档核查”中合并或确认不是重复。</p>
      )}
    </section>
  );
}
