import type { UnitLevel } from '../org';

/**
 * Administrative codes of organisation units, checked by structure only (retired codes stay valid: a
 * union keeps the code its county had when the county was merged away, and no code list is shipped):
 *
 * - city (地级): GB/T 2260, 6 digits ending in "00" (a province-level municipality ends in "0000");
 * - county/district (县级): GB/T 2260, 6 digits not ending in "00", under its city's code (the city's code
 *   with its trailing "00"s removed is a prefix of the county's);
 * - township/street (乡级): GB/T 10114, the county's 6 digits + 3 (001–999);
 * - community/grid: GB/T 10114's village code, the township's 9 digits + 3 (001–999) = 12 digits, or a grid
 *   inside a community: 12 + 3 = 15 digits;
 * - enterprise unions carry no administrative code (an optional GB 32100 credit code instead).
 */

/** The first two digits of the GB/T 2260 provinces (including 71 Taiwan, 81 Hong Kong, 82 Macao). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);

export type CodeCheck = { ok: true } | { ok: false; message: string };

const ok: CodeCheck = { ok: true };
const fail = (message: string): CodeCheck => ({ ok: false, message });

/** The code's significant prefix: a city code without its trailing "00" pairs ("341600" → "3416"). */
export function codePrefix(code: string): string {
  let prefix = code;
  while (prefix.length > 2 && prefix.length <= 6 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

function checkProvince(code: string): CodeCheck {
  return PROVINCES.has(Number(code.slice(0, 2)))
    ? ok
    : fail(`编码前两位“${code.slice(0, 2)}”不是省级行政区划代码（GB/T 2260）`);
}

/** Checks the code's own structure for a unit of `level` (no parent needed). */
export function checkCodeShape(level: UnitLevel, code: string): CodeCheck {
  switch (level) {
    case 'city':
      if (!/^\d{6}$/.test(code)) return fail('市级单位编码应为6位数字（GB/T 2260）');
      if (!code.endsWith('00')) return fail('市级单位编码应以“00”结尾（GB/T 2260）');
      return checkProvince(code);
    case 'county':
      if (!/^\d{6}$/.test(code)) return fail('县（区）编码应为6位数字（GB/T 2260）');
      if (code.endsWith('00')) return fail('县（区）编码的末两位不能是“00”（GB/T 2260）');
      return checkProvince(code);
    case 'township':
      if (!/^\d{9}$/.test(code)) return fail('乡镇（街道）编码应为9位数字：县级代码6位加3位（GB/T 10114）');
      if (code.endsWith('000')) return fail('乡镇（街道）编码的末三位不能是“000”（GB/T 10114）');
      return checkProvince(code);
    case 'grid':
      if (!/^(\d{12}|\d{15})$/.test(code)) {
        return fail('社区/网格编码应为12位数字：乡镇代码9位加3位（GB/T 10114），网格可再加3位共15位');
      }
      if (code.endsWith('000')) return fail('社区/网格编码的末三位不能是“000”');
      return checkProvince(code);
    case 'enterprise':
      return fail('企业工会没有行政区划编码');
  }
}

/** How many digits a child of each level adds to its parent's code. */
function extendsParent(level: UnitLevel, code: string, parentLevel: UnitLevel, parentCode: string): boolean {
  if (level === 'county') return code.startsWith(codePrefix(parentCode)) && code !== parentCode;
  if (level === 'township')
    return code.length === 9 && code.startsWith(parentCode) && parentCode.length === 6;
  if (level === 'grid') {
    return parentLevel === 'township' && parentCode.length === 9 && code.startsWith(parentCode);
  }
  return false;
}

/**
 * Checks `code` for a unit of `level` under a parent of `parentLevel` with `parentCode` (null when the
 * parent has no administrative code, e.g. a unit created before codes were kept).
 */
export function checkUnitCode(
  level: UnitLevel,
  code: string,
  parentLevel: UnitLevel | null,
  parentCode: string | null,
): CodeCheck {
  const shape = checkCodeShape(level, code);
  if (!shape.ok) return shape;
  if (parentLevel === null || parentCode === null) return ok;
  if (!extendsParent(level, code, parentLevel, parentCode)) {
    return fail(`编码${code}不在上级单位编码${parentCode}之下：下级编码应以上级编码开头`);
  }
  return ok;
}

/**
 * The code a descendant takes when an ancestor's code changes from `oldCode` to `newCode` (a township moved
 * to another county is renumbered, and its communities with it), or null when the descendant's code did
 * not extend the old one (then it is kept as it is).
 */
export function renumberedCode(code: string, oldCode: string, newCode: string): string | null {
  return code.startsWith(oldCode) && code.length > oldCode.length
    ? newCode + code.slice(oldCode.length)
    : null;
}
