import { useSearchParams } from 'react-router';
import type { CaseListItem } from '../../../shared/cases/api';
import { maskIdNumberForNotice } from '../../../shared/cases/masks';
import { useCurrentUser } from '../../auth/use-session';
import { listCases, recordNoticeListPrint } from '../review/api/review-api';
import { useResource } from '../review/api/use-resource';
import { EMPTY_VALUE, formatFieldValue } from '../review/format/values';
import { PrintDesk, printedOn, SealLines, Sheet, SheetMeta } from './print-parts';

/** A notice lists at most this many pages of 200 cases; a county has far fewer in notice at once. */
const MAX_PAGES = 25;

/** Every case in public notice (公示) within `unitId` (or the caller's whole scope), page by page. */
async function casesInNotice(unitId: string | null): Promise<CaseListItem[]> {
  const cases: CaseListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const reply = await listCases({
      view: 'all',
      stage: 'public_notice',
      unitId: unitId ?? undefined,
      limit: 200,
      cursor,
    });
    cases.push(...reply.cases);
    if (reply.nextCursor === null) break;
    cursor = reply.nextCursor;
  }
  return cases;
}

function noticeTitle(cases: readonly CaseListItem[]): string {
  const county = cases.find((item) => item.countyName)?.countyName ?? '';
  return `${county}困难职工家庭公示名单`;
}

/**
 * 公示名单: the cases of a county in public notice, as posted on a notice board — names in full, ID numbers
 * down to their first and last four characters, whatever the reader's role may see on screen.
 */
export function NoticeListPrintPage() {
  const [params] = useSearchParams();
  const unitId = params.get('unitId');
  const user = useCurrentUser();
  const [list] = useResource(`print-notice:${unitId ?? ''}`, () => casesInNotice(unitId));
  return (
    <PrintDesk
      back="/review"
      busy={list.status === 'loading'}
      record={() =>
        recordNoticeListPrint({
          unitId: unitId ?? user.unitId,
          households: list.status === 'ready' ? list.data.length : 0,
        })
      }
    >
      {list.status === 'loading' ? <p className="muted print-empty">正在读取公示名单…</p> : null}
      {list.status === 'failed' ? (
        <p className="form-error print-empty" role="alert">
          {list.message}
        </p>
      ) : null}
      {list.status === 'ready' ? (
        <Sheet title={noticeTitle(list.data)} label="公示名单">
          <div className="print-text">
            <p>
              经基层工会申报、入户走访调查、家庭经济状况信息比对和集体研究，拟将下列
              {list.data.length}
              户职工家庭认定为困难职工家庭，现予以公示。公示期间，如对名单有异议，请以书面或电话形式向县级工会反映，反映情况须实事求是。
            </p>
          </div>
          <table className="print-table print-table--list" aria-label="公示名单">
            <colgroup>
              <col style={{ width: '8%' }} />
              <col style={{ width: '13%' }} />
              <col style={{ width: '25%' }} />
              <col style={{ width: '26%' }} />
              <col style={{ width: '12%' }} />
              <col style={{ width: '16%' }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">姓名</th>
                <th scope="col">身份证号</th>
                <th scope="col">所在单位</th>
                <th scope="col">困难类别</th>
                <th scope="col">公示截止</th>
              </tr>
            </thead>
            <tbody>
              {list.data.length === 0 ? (
                <tr>
                  <td colSpan={6}>目前没有处于公示期的案件</td>
                </tr>
              ) : (
                list.data.map((item, index) => (
                  <tr key={item.id} data-case={item.id}>
                    <td>{index + 1}</td>
                    <td>{item.headName ?? EMPTY_VALUE}</td>
                    <td data-field="idNumber">
                      {item.headIdNumberMasked ? maskIdNumberForNotice(item.headIdNumberMasked) : EMPTY_VALUE}
                    </td>
                    <td>{[item.townshipName, item.unitName].filter(Boolean).join(' ')}</td>
                    <td>{formatFieldValue('category', item.category)}</td>
                    <td>{item.dueDates.noticeEndDate ?? EMPTY_VALUE}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <SheetMeta left="公示地点：各社区（村）公示栏" right={`公示日期：${printedOn()}`} />
          <SealLines lines={['公示单位（盖章）']} />
        </Sheet>
      ) : null}
    </PrintDesk>
  );
}
