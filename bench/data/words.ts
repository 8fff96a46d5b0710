import { withCheckChar } from '../../shared/domain/test-fixtures';
import type { Rng } from './prng';

/** Word lists for realistic people and places in 亳州市 (Bozhou, Anhui), the demo organisation's city. */

// The most common surnames, weighted roughly by frequency through repetition of the commonest.
const SURNAMES = [
  ...['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'],
  ...['王', '李', '张', '刘', '陈'],
  ...['徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许'],
  ...['韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜'],
  ...['叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪'],
  ...['范', '金', '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江'],
  ...['欧阳', '司马', '上官'],
];
const MALE_CHARS = [
  ...['建', '国', '军', '伟', '强', '磊', '勇', '杰', '涛', '明', '华', '平', '刚', '辉', '斌', '鹏'],
  ...['志', '海', '峰', '东', '林', '文', '春', '成', '德', '民', '永', '俊', '宏', '新', '兵', '良'],
];
const FEMALE_CHARS = [
  ...['秀', '英', '芳', '娟', '敏', '静', '丽', '艳', '霞', '玲', '红', '燕', '梅', '兰', '萍', '琴'],
  ...['桂', '凤', '婷', '雪', '慧', '颖', '洁', '倩', '莉', '娜', '云', '月', '春', '华', '玉', '珍'],
];

export type Sex = 'male' | 'female';

export function personName(rng: Rng, sex: Sex, surname = rng.pick(SURNAMES)): string {
  const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
  return surname + rng.pick(chars) + (rng.chance(0.75) ? rng.pick(chars) : '');
}

export function surnameOf(name: string): string {
  const double = SURNAMES.find((s) => s.length === 2 && name.startsWith(s));
  return double ?? name.slice(0, 1);
}

export function randomSurname(rng: Rng): string {
  return rng.pick(SURNAMES);
}

// GB/T 2260 codes of 亳州市's districts and counties, used in ID numbers of people born here.
const ID_AREA_CODES = ['341602', '341602', '341602', '341621', '341622', '341623', '341600'];

/** `YYYY-MM-DD` between the two years (days 1–28, so every date exists). */
export function birthDate(rng: Rng, fromYear: number, toYear: number): string {
  const y = rng.int(fromYear, toYear);
  const m = String(rng.int(1, 12)).padStart(2, '0');
  const d = String(rng.int(1, 28)).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A valid 18-character ID number (GB 11643) that agrees with the birth date and sex. */
export function idNumber(rng: Rng, birth: string, sex: Sex): string {
  const order = rng.int(0, 49) * 2 + (sex === 'male' ? 1 : 0);
  const seq = String(rng.int(0, 9)) + String(order).padStart(2, '0');
  return withCheckChar(rng.pick(ID_AREA_CODES) + birth.replaceAll('-', '') + seq.slice(-3));
}

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '138', '139', '150', '151', '155', '157', '158'];
const MOBILE_PREFIXES_2 = ['176', '177', '180', '181', '183', '186', '187', '188', '189', '199'];

export function mobile(rng: Rng): string {
  const prefix = rng.pick([...MOBILE_PREFIXES, ...MOBILE_PREFIXES_2]);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

const STREETS = [
  '花戏楼街道',
  '薛阁街道',
  '汤陵街道',
  '火神庙街道',
  '和平街道',
  '汤王街道',
  '新华街道',
  '涡北街道',
];
const ESTATES = [
  '北关小区',
  '魏武新村',
  '华佗花园',
  '药都名苑',
  '芍花路社区',
  '希夷大道小区',
  '光明路小区',
  '曹操公园北苑',
  '汤陵一村',
  '汤陵二村',
  '利辛路小区',
  '紫金苑',
  '康美城',
  '万达华府',
  '亳州老街',
  '南京路小区',
];
const ROADS = ['人民中路', '魏武大道', '芍花路', '希夷大道', '光明路', '汤王大道', '药都大道', '杜仲路'];

export function address(rng: Rng): string {
  const street = rng.pick(STREETS);
  if (rng.chance(0.2)) {
    return `安徽省亳州市谯城区${street}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
  }
  const building = rng.int(1, 40);
  const unit = rng.int(1, 4);
  const room = `${rng.int(1, 18)}${String(rng.int(1, 4)).padStart(2, '0')}`;
  return `安徽省亳州市谯城区${street}${rng.pick(ESTATES)}${building}栋${unit}单元${room}室`;
}

export const EMPLOYERS = [
  '亳州市古井贡酒股份有限公司',
  '亳州市康美中药城有限公司',
  '亳州市公共交通有限公司',
  '谯城区环卫所',
  '亳州市华佗中药饮片厂',
  '亳州市第二纺织厂',
  '安徽济人药业有限公司',
  '亳州市城市建设投资有限公司',
  '谯城区建筑安装公司',
  '亳州市供销社',
];
export const DISEASES = ['糖尿病', '高血压', '冠心病', '慢性肾病', '类风湿关节炎', '肺结核', '恶性肿瘤'];
export const BANKS: readonly (readonly [name: string, branch: string, prefix: string])[] = [
  ['中国工商银行', '亳州分行营业部', '622202'],
  ['中国农业银行', '亳州谯城支行', '622848'],
  ['中国建设银行', '亳州魏武支行', '621700'],
  ['中国银行', '亳州分行', '621661'],
  ['亳州药都农村商业银行', '花戏楼支行', '622630'],
  ['中国邮政储蓄银行', '亳州市分行', '621799'],
];
export const SCHOOLS = ['亳州市第一中学', '亳州市第二中学', '谯城区实验小学', '亳州学院', '亳州职业技术学院'];
export const WORKER_NAMES = ['刘网格', '周网格', '孙晓梅', '李春华', '王志强'];

/** A line of findings written by a grid worker after a visit. */
export function findings(rng: Rng, headName: string, disease: string | null, children: number): string {
  const parts = [
    rng.pick([`户主${headName}下岗多年`, `户主${headName}在企业从事临时工作`, `户主${headName}失业在家`]),
    disease ? `患${disease}，长期服药` : rng.pick(['身体尚可', '体弱多病，干不了重活']),
    children > 0 ? `有${children}个子女在读书` : rng.pick(['与配偶同住', '独居']),
    rng.pick(['家庭收入微薄', '住房条件较差', '医疗支出负担重', '靠亲友接济度日']),
  ];
  return `${parts.join('，')}。`;
}
