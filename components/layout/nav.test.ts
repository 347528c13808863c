import { describe, expect, it } from 'vitest';
import { isActive, NAV_ITEMS } from './nav';

describe('navigation', () => {
  it('marks Overview active only on the root', () => {
    expect(isActive('/', '/')).toBe(true);
    expect(isActive('/', '/traces')).toBe(false);
  });

  it('marks a section active on its own pages but not on look-alike paths', () => {
    expect(isActive('/traces', '/traces')).toBe(true);
    expect(isActive('/traces', '/traces/abc')).toBe(true);
    expect(isActive('/traces', '/tracesxyz')).toBe(false);
  });

  it('has unique hrefs', () => {
    const hrefs = NAV_ITEMS.map((item) => item.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
  });
});
