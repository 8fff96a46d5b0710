import { describe, expect, it } from 'vitest';
import { configFromEnv, parseTrustProxy } from './config';

describe('TRUST_PROXY', () => {
  it('believes no proxy unless told', () => {
    expect(configFromEnv({}, null).trustProxy).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });

  it('takes a hop count, loopback, or addresses and ranges', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback')).toBe('loopback');
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16')).toBe('10.0.0.1, 192.168.0.0/16');
  });

  it('refuses anything else at start', () => {
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('everyone')).toThrow(/TRUST_PROXY/);
  });
});
