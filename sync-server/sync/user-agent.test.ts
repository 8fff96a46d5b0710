import { describe, expect, it } from 'vitest';
import { userAgentSummary } from './user-agent';

describe('userAgentSummary', () => {
  it('names the system and the browser', () => {
    expect(
      userAgentSummary(
        'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Android 13 · Chrome 131');
    expect(
      userAgentSummary(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
      ),
    ).toBe('Windows · Edge 120');
  });

  it('keeps an unknown header short and gives null for none', () => {
    expect(userAgentSummary('x'.repeat(300))).toHaveLength(80);
    expect(userAgentSummary(undefined)).toBeNull();
  });
});
