import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog';
import type { CatalogEntry, UpstreamRef } from './catalog-types';
import { presentUpstreams, startOrder } from './start-order';

const entry = (
  name: string,
  upstreams: UpstreamRef[] = [],
  role: CatalogEntry['role'] = 'mesh',
): CatalogEntry => ({
  name,
  role,
  schema: null,
  upstreams,
  start: () => Promise.reject(new Error('not started in this test')),
});

describe('startOrder', () => {
  it('starts upstreams first and the public entry last, in catalog order otherwise', () => {
    //   gateway ─► payments ─► accounts      wealth ─► partner-bank (external)
    const catalog = [
      entry('gateway', [{ name: 'payments' }, { name: 'wealth' }], 'entry'),
      entry('payments', [{ name: 'accounts' }, { name: 'partner-bank' }]),
      entry('wealth', [{ name: 'partner-bank' }]),
      entry('accounts'),
      entry('partner-bank', [], 'external'),
    ];
    expect(startOrder(catalog).map((e) => e.name)).toEqual([
      'accounts',
      'partner-bank',
      'payments',
      'wealth',
      'gateway',
    ]);
  });

  it('drops optional upstreams that are not in the catalog, refuses missing required ones', () => {
    const gateway = entry('gateway', [{ name: 'accounts' }, { name: 'lending', optional: true }]);
    const catalog = [gateway, entry('accounts')];
    expect(startOrder(catalog).map((e) => e.name)).toEqual(['accounts', 'gateway']);
    expect(presentUpstreams(gateway, catalog).map((u) => u.name)).toEqual(['accounts']);
    expect(() => startOrder([entry('payments', [{ name: 'accounts' }])])).toThrow(
      /payments calls accounts, which is not in the catalog/,
    );
  });

  it('refuses cycles, duplicates and calls to the public entry', () => {
    expect(() => startOrder([entry('a', [{ name: 'b' }]), entry('b', [{ name: 'a' }])])).toThrow(
      /cycle a -> b -> a/,
    );
    expect(() => startOrder([entry('a'), entry('a')])).toThrow(/listed twice/);
    expect(() => startOrder([entry('gw', [], 'entry'), entry('a', [{ name: 'gw' }])])).toThrow(
      /public entry/,
    );
  });

  it('orders the bank catalog', () => {
    const names = startOrder(CATALOG).map((e) => e.name);
    expect(names.at(-1)).toBe('gateway');
    expect(names.indexOf('accounts')).toBeLessThan(names.indexOf('payments'));
  });
});
