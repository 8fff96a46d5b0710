/**
 * The self-assessment questionnaire (自我评估) a township or county union fills once a year, one of the
 * "five ones". Questions follow the 2023 implementation plan; each is worth up to 10 points, 100 in all.
 */
export type SelfAssessmentOption = { id: string; label: string; score: number };
export type SelfAssessmentQuestion = { id: string; text: string; options: readonly SelfAssessmentOption[] };

const DONE_PARTLY_NOT = [
  { id: 'a', label: '已全面开展', score: 10 },
  { id: 'b', label: '部分开展', score: 5 },
  { id: 'c', label: '未开展', score: 0 },
] as const;

export const SELF_ASSESSMENT_QUESTIONS = [
  {
    id: 'q01',
    text: '是否发动基层工会、社区网格员、社会工作者开展摸底排查，并将符合条件的困难职工按程序申报？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q02',
    text: '本年度是否开展一次数据比对（民政低保、社保、不动产、车辆、工商、税务、公积金、银行存款等）？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q03',
    text: '三、四月份对在档困难职工入户走访的覆盖情况？',
    options: [
      { id: 'a', label: '全覆盖', score: 10 },
      { id: 'b', label: '覆盖80%及以上', score: 6 },
      { id: 'c', label: '覆盖不足80%', score: 2 },
      { id: 'd', label: '未开展', score: 0 },
    ],
  },
  {
    id: 'q04',
    text: '九、十月份是否及时更新在档困难职工档案信息？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q05',
    text: '是否建立困难职工清单台账，并做到动态更新？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q06',
    text: '本年度是否开展一次帮扶政策培训？',
    options: [
      { id: 'a', label: '已开展并留存签到和照片', score: 10 },
      { id: 'b', label: '已开展但资料不全', score: 5 },
      { id: 'c', label: '未开展', score: 0 },
    ],
  },
  {
    id: 'q07',
    text: '符合建档条件的困难职工是否做到“应建尽建、应帮尽帮”？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q08',
    text: '帮扶资金是否按“实名制”及时足额打卡发放，并告知职工？',
    options: [
      { id: 'a', label: '全部及时发放', score: 10 },
      { id: 'b', label: '个别延迟', score: 5 },
      { id: 'c', label: '普遍延迟或未发放', score: 0 },
    ],
  },
  {
    id: 'q09',
    text: '是否按标准及时办理脱困退出，深度困难职工给予六个月渐退期，返困的重新建档？',
    options: DONE_PARTLY_NOT,
  },
  {
    id: 'q10',
    text: '是否做到资料清单公开、“最多跑一次”、网上申报和意外致困快速响应？',
    options: DONE_PARTLY_NOT,
  },
] as const satisfies readonly SelfAssessmentQuestion[];

export type SelfAssessmentQuestionId = (typeof SELF_ASSESSMENT_QUESTIONS)[number]['id'];

export const SELF_ASSESSMENT_MAX_SCORE = SELF_ASSESSMENT_QUESTIONS.reduce(
  (sum, q) => sum + Math.max(...q.options.map((o) => o.score)),
  0,
);

/** Total score of the answered questions: the chosen option's points, summed; unknown ids count 0. */
export function scoreSelfAssessment(answers: Readonly<Partial<Record<string, unknown>>>): number {
  let total = 0;
  for (const question of SELF_ASSESSMENT_QUESTIONS) {
    const chosen = answers[question.id];
    const option = question.options.find((o) => o.id === chosen);
    if (option) total += option.score;
  }
  return total;
}
