import { describe, expect, it } from 'vitest';
import { defaultFundKind } from './kinds';

describe('defaultFundKind', () => {
  it('books relief measures to 事后救助, even beside prevention measures', () => {
    expect(defaultFundKind(['living_relief'])).toBe('relief');
    expect(defaultFundKind(['skills_training', 'illness_relief'])).toBe('relief');
  });
  it('books a plan of only employment, skills or entrepreneurship help to 事前预防', () => {
    expect(defaultFundKind(['employment_help', 'skills_training'])).toBe('prevention');
  });
  it('falls back to 事后救助 for other help or no measure', () => {
    expect(defaultFundKind(['other'])).toBe('relief');
    expect(defaultFundKind([])).toBe('relief');
  });
});
