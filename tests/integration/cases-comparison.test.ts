import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDetailReplySchema, comparisonImportReplySchema } from '../../shared/cases/api';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  DAY_MS,
  HEAD_ID,
  MEMBER_ID,
  api,
  caseAtCountyReview,
  snapshot,
  startLoopServer,
  step,
  tabletPush,
  type LoopServer,
} from './cases-support';
import { newHousehold } from './sync-fixtures';

/**
 * The comparison centre's CSV (信息比对结果导入): matching by ID number within the importer's scope, rows that
 * match nothing or cannot be read, a case that is not at 信息比对, and files from Excel in GB18030.
 */
describe('information comparison CSV import', () => {
  let loop: LoopServer;
  let atComparison: string;
  let atReview: string;
  const REVIEW_HEAD = withCheckChar('34160219850505002');
  const OTHER_COUNTY_HEAD = withCheckChar('34162119700101003');
  const BAD_ID = HEAD_ID.slice(0, 17) + (HEAD_ID.endsWith('0') ? '1' : '0');

  const importCsv = (body: string | Uint8Array, contentType = 'text/csv') =>
    api(loop, 'county', 'POST', '/api/cases/comparison-import', body, { 'content-type': contentType });

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 5 * DAY_MS));
    atComparison = await caseAtCountyReview(loop);
    await step(loop, 'county', atComparison, 'acceptReview', { opinion: '审核通过' });
    atReview = await caseAtCountyReview(loop, {
      headName: '王桂兰',
      headId: REVIEW_HEAD,
      memberId: withCheckChar('34160220100101004'),
    });
    const other = await tabletPush(loop, 'grid3', [
      newHousehold('341621001001', { headName: '赵六', headIdNumber: OTHER_COUNTY_HEAD }),
    ]);
    expect(other.results[0]?.status).toBe('applied');
  });
  afterAll(() => loop.close());

  it('reports unreadable rows, unmatched ID numbers and a case not at 信息比对, and applies the rest', async () => {
    const csv = [
      '比对来源,公民身份号码,比对结果,说明',
      `民政,${HEAD_ID},相符,`,
      `social_insurance,${HEAD_ID.toLowerCase()},consistent,`,
      `社保卡,${HEAD_ID},一致,`,
      `税务,${HEAD_ID},不一致,`,
      `税务,${OTHER_COUNTY_HEAD},一致,`,
      `税务,${BAD_ID},一致,`,
      `税务,${REVIEW_HEAD},一致,`,
      `银行存款,${HEAD_ID},一致,`,
      `银行存款,${MEMBER_ID},不一致,"存款3万元,
系亲友捐助"`,
      '',
    ].join('\n');
    const reply = await importCsv(csv);
    expect(reply.status).toBe(200);
    const result = comparisonImportReplySchema.parse(reply.body);
    expect(result.unmatchedRows).toEqual([
      // Another county's household is outside the importer's scope.
      { line: 6, idNumber: OTHER_COUNTY_HEAD, reason: '在您的管辖范围内没有该身份证号的户主或家庭成员档案' },
      { line: 7, idNumber: BAD_ID, reason: '身份证号校验位错误' },
    ]);
    expect(result.errors).toEqual([
      { line: 4, message: '无法识别的数据来源“社保卡”' },
      { line: 5, message: '比对不一致时须填写备注' },
      { line: 8, message: expect.stringContaining('王桂兰：当前环节「县总审核」') as string },
    ]);
    expect(result).toMatchObject({ matched: 5, applied: 4 });
    expect(result.cases).toEqual([
      { caseId: atComparison, headName: '张建国', lines: [2, 3, 9, 10], status: 'applied', reason: null },
      {
        caseId: atReview,
        headName: '王桂兰',
        lines: [8],
        status: 'rejected',
        reason: expect.stringContaining('此操作仅适用于「信息比对」环节') as string,
      },
    ]);

    const detail = caseDetailReplySchema.parse(
      (await api(loop, 'county', 'GET', `/api/cases/${atComparison}`)).body,
    );
    const bySource = Object.fromEntries(detail.comparison.map((c) => [c.source, [c.result, c.note]]));
    expect(bySource).toMatchObject({
      civil_affairs_dibao: ['consistent', ''],
      social_insurance: ['consistent', ''],
      // The head's consistent row and the member's inconsistent one combine into "inconsistent".
      bank_deposits: ['inconsistent', '家庭成员张小明：存款3万元,\n系亲友捐助'],
      tax: [null, ''],
    });
    expect(detail.comparison.find((c) => c.source === 'bank_deposits')).toMatchObject({
      via: 'csv_import',
      batchId: result.batchId,
      recordedBy: '王县总',
    });
    const reviewCase = caseDetailReplySchema.parse(
      (await api(loop, 'county', 'GET', `/api/cases/${atReview}`)).body,
    );
    expect(reviewCase.timeline.map((e) => e.data.command)).not.toContain('recordComparison');
  });

  it('reads a GB18030 file from Excel without a charset', async () => {
    // "身份证号,数据来源,结果,备注\n" and ",车辆,一致," in GB18030.
    const header = Buffer.from('C9EDB7DDD6A4BAC52CCAFDBEDDC0B4D4B42CBDE1B9FB2CB1B8D7A20A', 'hex');
    const row = Buffer.concat([Buffer.from(HEAD_ID), Buffer.from('2CB3B5C1BE2CD2BBD6C22C0A', 'hex')]);
    const reply = await importCsv(new Uint8Array(Buffer.concat([header, row])));
    expect(reply.status).toBe(200);
    expect(comparisonImportReplySchema.parse(reply.body)).toMatchObject({
      matched: 1,
      applied: 1,
      errors: [],
    });
    const utf16 = await importCsv(
      new Uint8Array(Buffer.from(`身份证号,数据来源,结果,备注\n${HEAD_ID},车辆,一致,\n`, 'utf16le')),
      'text/csv; charset=utf-16le',
    );
    expect(comparisonImportReplySchema.parse(utf16.body)).toMatchObject({ matched: 1, applied: 1 });
  });

  it('refuses a file without the required columns, an empty body and other roles, writing nothing', async () => {
    const before = snapshot(loop);
    const noHeader = await importCsv(`${HEAD_ID},车辆,一致\n`);
    expect(comparisonImportReplySchema.parse(noHeader.body)).toMatchObject({
      matched: 0,
      applied: 0,
      errors: [{ line: 1, message: expect.stringContaining('表头缺少列') as string }],
    });
    const empty = await importCsv('');
    expect(empty.status).toBe(400);
    const township = await api(loop, 'township', 'POST', '/api/cases/comparison-import', 'x', {
      'content-type': 'text/csv',
    });
    expect(township.status).toBe(403);
    const after = snapshot(loop);
    // Only the import's own audit row ("nothing matched") is added.
    expect({ ...after, audit: after.audit - 1 }).toEqual(before);
  });
});
