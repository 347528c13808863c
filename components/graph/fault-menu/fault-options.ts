import type { CatalogKind, ControlFault } from '../../faults/control-api';
import type { GraphSelection } from '../selection';

/** One fault the context menu offers: a catalog kind aimed at one of its targets. */
export interface FaultOption {
  entry: CatalogKind;
  target: string;
}

/**
 * The control-plane targets a graph node or edge stands for. A node is a service, topic or
 * consumer-group name (and the groups it owns, "<service>.<purpose>"); an edge is the call path
 * "caller->callee" and the pair "a<->b" in either order.
 */
export function targetsOf(selection: GraphSelection): (target: string) => boolean {
  if (selection.kind === 'edge') {
    const { source, target } = selection;
    const names = new Set([
      `${source}->${target}`,
      `${source}<->${target}`,
      `${target}<->${source}`,
    ]);
    return (t) => names.has(t);
  }
  return (t) => t === selection.id || t.startsWith(`${selection.id}.`);
}

/** The catalog's kinds that apply to a node or edge, each at its matching target(s). */
export function faultOptionsFor(
  selection: GraphSelection,
  catalog: readonly CatalogKind[],
): FaultOption[] {
  const matches = targetsOf(selection);
  return catalog.flatMap((entry) =>
    entry.targets.filter(matches).map((target) => ({ entry, target })),
  );
}

/** The active faults aimed at a node or edge (what "Revert" lists). */
export function activeFaultsOn(
  selection: GraphSelection,
  active: readonly ControlFault[],
): ControlFault[] {
  const matches = targetsOf(selection);
  return active.filter((fault) => fault.status === 'active' && matches(fault.target));
}

/** The kind's title, and the target too when it is not the node itself. */
export function optionLabel(
  option: FaultOption,
  selection: GraphSelection,
): { title: string; target?: string } {
  const plain = selection.kind === 'node' && option.target === selection.id;
  return plain
    ? { title: option.entry.title }
    : { title: option.entry.title, target: option.target };
}

/** The entry narrowed to one target, so the shared inject form aims only there. */
export function aimedEntry(option: FaultOption): CatalogKind {
  return { ...option.entry, targets: [option.target] };
}
