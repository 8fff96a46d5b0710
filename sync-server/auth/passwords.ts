import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8, p=1: OWASP's scrypt floor; about 50 ms on this machine's class of CPU.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/** Encodes as `scrypt$N$r$p$salt$hash` (base64) so parameters can be raised later without a migration. */
export async function hashPassword(
  password: string,
  params: typeof PARAMS | typeof ONE_TIME_PARAMS = PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

// One-time passwords are drawn at random (about 59 bits, below), not chosen by a person, so the slow hash
// that protects human passwords adds nothing to them; N=2^12 (about 10 ms) lets 200 accounts from one CSV
// be created in a few seconds. They are replaced at the first login by a password hashed with PARAMS. The
// price: a login with a one-time password answers faster, so timing tells that one is still pending.
const ONE_TIME_PARAMS = { N: 1 << 12, r: 8, p: 1, maxmem: PARAMS.maxmem } as const;

export function hashOneTimePassword(password: string): Promise<string> {
  return hashPassword(password, ONE_TIME_PARAMS);
}

// No 0/o, 1/l/i: read aloud or copied from a screen by hand without confusion.
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const ONE_TIME_LENGTH = 12;

/** A random one-time password like `k7mq-3xhz-9pwa` (letters and digits, so it reads as a password). */
export function generateOneTimePassword(): string {
  for (;;) {
    let text = '';
    for (let i = 0; i < ONE_TIME_LENGTH; i++) text += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    if (/[a-z]/.test(text) && /[0-9]/.test(text)) return text.replace(/(.{4})(?=.)/g, '$1-');
  }
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = encoded.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
