import { z } from 'zod';
import { typeError } from './messages';

/**
 * Money is stored as integer fen (分) so sums are exact. The cap (one hundred million yuan) is far above
 * any household figure and keeps every sum inside the safe-integer range.
 */
export const MAX_FEN = 10_000_000_000;

export const fenSchema = z
  .number({ error: typeError('必须是金额数字') })
  .int('必须是以分为单位的整数')
  .min(0, '不能为负数')
  .max(MAX_FEN, '金额过大');

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/**
 * Parses an amount typed in yuan ("1234.5", "¥1,234.50") into fen using string arithmetic, never floats.
 * The message completes a field label ("户主月收入" + "最多保留两位小数").
 */
export function parseYuan(input: string): YuanParse {
  const cleaned = input
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/[,，\s]/g, '');
  if (cleaned === '') return { ok: false, message: '不能为空' };
  if (cleaned.startsWith('-')) return { ok: false, message: '不能为负数' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, message: '应为数字，例如 1200.50' };
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { ok: false, message: '最多保留两位小数' };
  const yuanDigits = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  if (yuanDigits.length > 9) return { ok: false, message: '金额过大' };
  const fen = Number(yuanDigits) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_FEN) return { ok: false, message: '金额过大' };
  return { ok: true, fen };
}

/** Yuan text → integer fen, or null when the text is not a valid amount (see `parseYuan` for why). */
export function yuanToFen(input: string): number | null {
  const result = parseYuan(input);
  return result.ok ? result.fen : null;
}

function splitFen(fen: number): { sign: string; yuan: string; cents: string } {
  const whole = Math.round(fen);
  const abs = Math.abs(whole);
  return {
    sign: whole < 0 ? '-' : '',
    yuan: String(Math.floor(abs / 100)),
    cents: String(abs % 100).padStart(2, '0'),
  };
}

/** 123450 → "¥1,234.50". */
export function formatFen(fen: number): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}¥${yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** 123450 → "1234.50", for putting a stored amount back into an input. */
export function fenToYuanInput(fen: number): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}${yuan}.${cents}`;
}
