import { describe, expect, it } from 'vitest';
import { returnTarget } from './redirect';

describe('return after login', () => {
  it('goes back to the page that asked for the login', () => {
    expect(returnTarget({ from: '/households/h1?tab=visits' })).toBe('/households/h1?tab=visits');
  });

  it('falls back to home for anything else', () => {
    expect(returnTarget(null)).toBe('/');
    expect(returnTarget({ from: '/login' })).toBe('/');
    expect(returnTarget({ from: '/unlock' })).toBe('/');
    expect(returnTarget({ from: '//evil.example/' })).toBe('/');
    expect(returnTarget({ from: 'https://evil.example/' })).toBe('/');
  });
});
