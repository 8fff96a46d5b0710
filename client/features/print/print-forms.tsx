import { Route, Routes } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { NotFoundPage } from '../../pages/not-found-page';
import { REVIEW_ROLES } from '../review/review-roles';
import { ComparisonPrintPage, ExitPrintPage, FilePrintPage } from './case-forms-print';
import { NoticeListPrintPage } from './notice-list-print';
import { AuthorizationPrintPage, VisitPrintPage } from './visit-print';

/**
 * The print views behind `/cases/:caseId/print/…` and `/notice-list/print` (print-routes.tsx), loaded as
 * one chunk when an office first prints. The server checks role and scope on every read; this only spares
 * other roles a page of refusals.
 */
export default function PrintForms({ notice = false }: { notice?: boolean }) {
  const user = useCurrentUser();
  if (!REVIEW_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>打印表单供乡镇（街道）工会、县总和市总帮扶中心的工作人员使用。</p>
      </section>
    );
  }
  if (notice) return <NoticeListPrintPage />;
  return (
    <Routes>
      <Route path="visit/:visitId" element={<VisitPrintPage />} />
      <Route path="authorization/:visitId" element={<AuthorizationPrintPage />} />
      <Route path="file" element={<FilePrintPage />} />
      <Route path="comparison" element={<ComparisonPrintPage />} />
      <Route path="exit" element={<ExitPrintPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
