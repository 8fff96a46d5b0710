import type { PinHash } from '../db/types';

/** PBKDF2-SHA256 rounds for the device PIN: slow enough that guessing a 4–6 digit PIN offline takes long. */
export const PIN_ITERATIONS = 250_000;
/** Wrong PINs in a row before the local session is dropped and the password is needed again. */
export const MAX_PIN_FAILURES = 5;

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Why a PIN cannot be used (zh-CN), or null when it is acceptable. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{4,6}$/.test(pin)) return 'PIN 须为 4–6 位数字';
  if (/^(\d)\1+$/.test(pin)) return 'PIN 不能全部是相同的数字';
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((digit, i) => digit - (digits[i] ?? 0));
  if (steps.every((step) => step === 1) || steps.every((step) => step === -1)) {
    return 'PIN 不能是连续的数字';
  }
  return null;
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, salt, iterations);
  return { salt: toBase64(salt), hash: toBase64(hash), iterations };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const hash = await derive(pin, fromBase64(stored.salt), stored.iterations);
  const expected = fromBase64(stored.hash);
  if (hash.length !== expected.length) return false;
  // Compare every byte so the time taken does not hint at how much matched.
  let difference = 0;
  for (let i = 0; i < hash.length; i++) difference |= (hash[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}
