'use client';

import Link from 'next/link';
import {
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  type ControlFault,
  formatCountdown,
  remainingSeconds,
  revertFault,
} from '../../faults/control-api';
import { InjectFaultForm } from '../../faults/InjectFaultForm';
import { useControlFaults } from '../../faults/use-control-faults';
import { useNow } from '../../live/use-now';
import type { GraphSelection } from '../selection';
import {
  activeFaultsOn,
  aimedEntry,
  type FaultOption,
  faultOptionsFor,
  optionLabel,
} from './fault-options';
import { nextItemIndex, placeMenu } from './menu-keys';

const ITEM =
  'flex w-full items-center justify-between gap-3 rounded px-2 py-0.5 text-left text-sm hover:bg-raised focus-visible:bg-raised focus-visible:outline-2 focus-visible:outline-accent';
const MENU_WIDTH = 320;

export interface FaultMenuProps {
  selection: GraphSelection;
  /** Where it was asked for, relative to the graph's container. */
  point: { x: number; y: number };
  /** Esc returns focus to the node or edge; a click elsewhere leaves it where it went. */
  onClose: (returnFocus: boolean) => void;
}

/** Fault injection on one node or edge: the kinds that apply, each with its form, and Revert. */
export function FaultContextMenu({ selection, point, onClose }: FaultMenuProps) {
  const { state, refresh } = useControlFaults();
  const now = useNow();
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const [openForm, setOpenForm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [place, setPlace] = useState({ left: point.x, top: point.y });
  const title =
    selection.kind === 'node' ? selection.id : `${selection.source} → ${selection.target}`;

  const options = useMemo(
    () => (state.status === 'ok' ? faultOptionsFor(selection, state.data.catalog) : []),
    [state, selection],
  );
  const active = useMemo(
    () => (state.status === 'ok' ? activeFaultsOn(selection, state.data.active) : []),
    [state, selection],
  );
  const loaded = state.status !== 'loading';
  const openOption = options.find((option) => optionKey(option) === openForm);

  // Kept inside the graph's box, measured once it is drawn (and again when it grows).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the menu's size changes with the open form and the lists; measure again then
  useLayoutEffect(() => {
    const root = rootRef.current;
    const box = root?.offsetParent;
    if (!root || !(box instanceof HTMLElement)) return;
    setPlace(
      placeMenu(
        point,
        { width: box.clientWidth, height: box.clientHeight },
        { width: root.offsetWidth, height: root.offsetHeight },
      ),
    );
  }, [point, openForm, options.length, active.length]);

  // The first item takes the focus once the catalog is in.
  useEffect(() => {
    if (loaded) items(rootRef.current)[0]?.focus();
  }, [loaded]);

  // The open form's first field takes the focus.
  useEffect(() => {
    if (openForm === null) return;
    rootRef.current
      ?.querySelector<HTMLElement>(`[data-form-for="${CSS.escape(openForm)}"] input`)
      ?.focus();
  }, [openForm]);

  // A press anywhere else closes the menu.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
      return;
    }
    const list = items(rootRef.current);
    const current = list.indexOf(document.activeElement as HTMLElement);
    if (current < 0 && event.target !== rootRef.current) return; // typing in a form field
    const next = nextItemIndex(event.key, current, list.length);
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    list[next]?.focus();
  };

  const revert = async (fault: ControlFault) => {
    setError(null);
    try {
      const message = await revertFault(fault.id);
      if (message !== null) setError(message);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
    refresh();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys are the menu's (arrows, Esc), handled for the items inside
    <div
      ref={rootRef}
      data-testid="fault-menu"
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
      style={{ left: place.left, top: place.top, width: MENU_WIDTH }}
      className="absolute z-30 flex max-h-[calc(100%-8px)] flex-col gap-1 overflow-y-auto rounded-lg border border-line bg-surface p-2 text-fg shadow-lg"
    >
      <p
        id={`${menuId}-label`}
        className="sticky -top-2 z-10 -mx-2 -mt-2 bg-surface px-4 pt-3 pb-1 text-muted text-xs"
      >
        Faults on <span className="font-semibold text-fg">{title}</span>
      </p>
      {state.status === 'loading' && (
        <p className="px-2 py-1 text-muted text-sm">Loading the fault catalog…</p>
      )}
      {state.status === 'error' && (
        <p role="alert" className="px-2 py-1 text-critical text-sm">
          The fault API did not answer: {state.message}
        </p>
      )}
      {state.status === 'ok' && options.length === 0 && active.length === 0 && (
        <p className="px-2 py-1 text-muted text-sm">No fault kind applies to {title}.</p>
      )}
      <div role="menu" aria-labelledby={`${menuId}-label`} className="flex flex-col gap-0.5">
        {options.map((option) => {
          const key = optionKey(option);
          const open = openForm === key;
          const label = optionLabel(option, selection);
          return (
            <button
              key={key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={
                label.target === undefined ? label.title : `${label.title} · ${label.target}`
              }
              aria-expanded={open}
              aria-controls={open ? `${menuId}-form` : undefined}
              className={ITEM}
              onClick={() => setOpenForm(open ? null : key)}
            >
              <span className="flex min-w-0 flex-col">
                <span>⚡ {label.title}</span>
                {label.target !== undefined && (
                  <span className="truncate pl-4 text-muted text-xs">{label.target}</span>
                )}
              </span>
              <span aria-hidden="true" className="text-muted text-xs">
                {open ? '▾' : '▸'}
              </span>
            </button>
          );
        })}
        {active.length > 0 && <hr className="my-1 border-line" />}
        {active.map((fault) => (
          <button
            key={fault.id}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={ITEM}
            onClick={() => void revert(fault)}
          >
            <span>
              Revert {fault.kind}
              {fault.target === title ? '' : ` · ${fault.target}`}
            </span>
            <span className="text-muted text-xs tabular-nums">
              {formatCountdown(remainingSeconds(fault, now))}
            </span>
          </button>
        ))}
        <hr className="my-1 border-line" />
        <Link href="/faults" role="menuitem" tabIndex={-1} className={ITEM}>
          All faults and experiments →
        </Link>
      </div>
      {openOption !== undefined && (
        <div id={`${menuId}-form`} data-form-for={openForm}>
          <InjectFaultForm entry={aimedEntry(openOption)} onInjected={refresh} />
        </div>
      )}
      {error !== null && (
        <p role="alert" className="px-2 py-1 text-critical text-xs">
          {error}
        </p>
      )}
    </div>
  );
}

function optionKey(option: FaultOption): string {
  return `${option.entry.kind}|${option.target}`;
}

function items(root: HTMLElement | null): HTMLElement[] {
  return root ? [...root.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
}
