import { describe, expect, it } from 'vitest';
import type { NodeKind } from '../../collectors/contracts';
import { focusOf, selectionFromElement } from './selection';

const kinds: Record<string, NodeKind> = {
  user: 'user',
  gateway: 'service',
  accounts: 'service',
  postgres: 'database',
};
const kindOf = (id: string) => kinds[id];
const edges = [
  { source: 'user', target: 'gateway' },
  { source: 'gateway', target: 'accounts' },
  { source: 'accounts', target: 'postgres' },
];

describe('focusOf', () => {
  it('reads a service node from its own RED first, then the graph node', () => {
    expect(focusOf({ kind: 'node', id: 'accounts' }, edges, kindOf)).toEqual({
      title: 'accounts',
      service: 'accounts',
      historyKeys: ['service:accounts', 'node:accounts'],
      alsoThrough: undefined,
    });
  });

  it('reads a virtual node through the service next to it', () => {
    const focus = focusOf({ kind: 'node', id: 'postgres' }, edges, kindOf);
    expect(focus.service).toBe('accounts');
    expect(focus.historyKeys).toEqual(['node:postgres']);
  });

  it('reads an edge through its target, and its traces must pass the caller too', () => {
    const focus = focusOf(
      { kind: 'edge', id: 'gateway->accounts', source: 'gateway', target: 'accounts' },
      edges,
      kindOf,
    );
    expect(focus).toEqual({
      title: 'gateway → accounts',
      service: 'accounts',
      historyKeys: ['edge:gateway->accounts'],
      alsoThrough: 'gateway',
    });
  });

  it('reads an edge into a database through its caller, with no second service', () => {
    const focus = focusOf(
      { kind: 'edge', id: 'accounts->postgres', source: 'accounts', target: 'postgres' },
      edges,
      kindOf,
    );
    expect(focus.service).toBe('accounts');
    expect(focus.alsoThrough).toBeUndefined();
  });
});

describe('selectionFromElement', () => {
  const element = (matches: Record<string, string>) => ({
    closest: (selector: string) =>
      selector in matches
        ? { getAttribute: (name: string) => (name === 'data-id' ? matches[selector]! : null) }
        : null,
  });
  const ends = (id: string) =>
    id === 'gateway->accounts' ? { source: 'gateway', target: 'accounts' } : undefined;

  it('finds the node or the edge the focused element belongs to', () => {
    expect(selectionFromElement(element({ '.react-flow__node': 'accounts' }), ends)).toEqual({
      kind: 'node',
      id: 'accounts',
    });
    expect(
      selectionFromElement(element({ '.react-flow__edge': 'gateway->accounts' }), ends),
    ).toEqual({ kind: 'edge', id: 'gateway->accounts', source: 'gateway', target: 'accounts' });
  });

  it('ignores elements outside nodes and edges, and edges it does not know', () => {
    expect(selectionFromElement(element({}), ends)).toBeNull();
    expect(selectionFromElement(element({ '.react-flow__edge': 'x->y' }), ends)).toBeNull();
  });
});
