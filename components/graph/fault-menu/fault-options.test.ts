import { describe, expect, it } from 'vitest';
import type { CatalogKind, ControlFault } from '../../faults/control-api';
import { activeFaultsOn, aimedEntry, faultOptionsFor, optionLabel } from './fault-options';

const kind = (k: string, targets: string[]): CatalogKind => ({
  kind: k,
  title: k,
  description: '',
  targetType: 'service',
  targets,
  paramsSchema: {},
  defaultTtlSeconds: 60,
  maxTtlSeconds: 600,
});
const catalog = [
  kind('crash', ['accounts', 'payments']),
  kind('latency', ['accounts', 'payments', 'payments->accounts', 'gateway->payments']),
  kind('partition', ['accounts<->payments']),
  kind('consumer-pause', ['accounts.loan-disbursement', 'accountsx.other']),
  kind('duplicate-delivery', ['accounts.events']),
];
const fault = (id: string, target: string, status: ControlFault['status'] = 'active') =>
  ({ id, kind: 'latency', target, status }) as ControlFault;

describe('faultOptionsFor', () => {
  it('offers a service node its own kinds and its consumer groups, not a look-alike', () => {
    const options = faultOptionsFor({ kind: 'node', id: 'accounts' }, catalog);
    expect(options.map((o) => `${o.entry.kind}:${o.target}`)).toEqual([
      'crash:accounts',
      'latency:accounts',
      'consumer-pause:accounts.loan-disbursement',
      'duplicate-delivery:accounts.events',
    ]);
  });

  it('offers an edge its call path and the pair in either order', () => {
    const options = faultOptionsFor(
      { kind: 'edge', id: 'e', source: 'payments', target: 'accounts' },
      catalog,
    );
    expect(options.map((o) => `${o.entry.kind}:${o.target}`)).toEqual([
      'latency:payments->accounts',
      'partition:accounts<->payments',
    ]);
  });

  it('offers nothing to a node without a catalog target', () => {
    expect(faultOptionsFor({ kind: 'node', id: 'user' }, catalog)).toEqual([]);
  });
});

describe('activeFaultsOn', () => {
  it('lists only active faults aimed at the edge', () => {
    const active = [
      fault('a', 'payments->accounts'),
      fault('b', 'accounts'),
      fault('c', 'payments->accounts', 'reverting'),
      fault('d', 'payments<->accounts'),
    ];
    const on = activeFaultsOn(
      { kind: 'edge', id: 'e', source: 'payments', target: 'accounts' },
      active,
    );
    expect(on.map((f) => f.id)).toEqual(['a', 'd']);
  });
});

describe('labels and aiming', () => {
  it('names the target only when it is not the node itself', () => {
    const node = { kind: 'node', id: 'accounts' } as const;
    expect(optionLabel({ entry: catalog[0] as CatalogKind, target: 'accounts' }, node)).toEqual({
      title: 'crash',
    });
    expect(
      optionLabel({ entry: catalog[3] as CatalogKind, target: 'accounts.loan-disbursement' }, node),
    ).toEqual({ title: 'consumer-pause', target: 'accounts.loan-disbursement' });
  });

  it('narrows the entry to the one target', () => {
    const entry = aimedEntry({ entry: catalog[1] as CatalogKind, target: 'payments->accounts' });
    expect(entry.targets).toEqual(['payments->accounts']);
    expect(catalog[1]?.targets).toHaveLength(4);
  });
});
