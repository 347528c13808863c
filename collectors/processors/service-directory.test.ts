import { describe, expect, it } from 'vitest';
import { ServiceDirectory } from './service-directory';

describe('ServiceDirectory', () => {
  it('keeps first and last seen times and span counts, most recent first', () => {
    const services = new ServiceDirectory();
    services.seen('gateway', 1000, 3);
    services.seen('accounts', 2000, 1);
    services.seen('gateway', 3000, 2);
    services.seen('metrics-only', 2500);
    expect(services.list()).toEqual([
      { name: 'gateway', firstSeenUnixMs: 1000, lastSeenUnixMs: 3000, spanCount: 5 },
      { name: 'metrics-only', firstSeenUnixMs: 2500, lastSeenUnixMs: 2500, spanCount: 0 },
      { name: 'accounts', firstSeenUnixMs: 2000, lastSeenUnixMs: 2000, spanCount: 1 },
    ]);
  });

  it('evicts the least recently seen service beyond the cap', () => {
    const services = new ServiceDirectory(2);
    services.seen('a', 1);
    services.seen('b', 2);
    services.seen('a', 3);
    services.seen('c', 4);
    expect(services.list().map((s) => s.name)).toEqual(['c', 'a']);
  });
});
