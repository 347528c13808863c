import type { NodeKind } from '../../collectors/contracts';

/** How each kind of node is drawn: its outline, its icon and the word shown beside it. */
export const NODE_KIND_STYLES: Record<NodeKind, { word: string; shape: string }> = {
  gateway: { word: 'gateway', shape: 'rounded-lg border-[3px] border-double' },
  service: { word: 'service', shape: 'rounded-lg' },
  user: { word: 'users', shape: 'rounded-[2rem] border-dashed' },
  database: { word: 'database', shape: 'rounded-t-[1.25rem] rounded-b-[1.25rem] border-dashed' },
  topic: { word: 'topic', shape: 'rounded-sm border-dashed border-l-[6px]' },
  external: { word: 'external', shape: 'rounded-none border-dashed' },
};

/** Legend order. */
export const NODE_KINDS: readonly NodeKind[] = [
  'gateway',
  'service',
  'user',
  'database',
  'topic',
  'external',
];

const PATHS: Record<NodeKind, string> = {
  // An arrow entering a door.
  gateway: 'M3 2h8v12H3M1 8h7M5.5 5.5 8 8l-2.5 2.5',
  // A box.
  service: 'M2.5 2.5h11v11h-11zM2.5 6.5h11',
  // A person.
  user: 'M8 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM3 14c0-3 2.2-4.5 5-4.5s5 1.5 5 4.5',
  // A cylinder.
  database:
    'M3 4c0-1.1 2.2-2 5-2s5 .9 5 2-2.2 2-5 2-5-.9-5-2zM3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2',
  // A queue of messages.
  topic: 'M2 4h12M2 8h12M2 12h12M11 2l3 2-3 2',
  // A globe.
  external:
    'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM1.5 8h13M8 1.5c2 2 2 11 0 13M8 1.5c-2 2-2 11 0 13',
};

/** A 16×16 line icon for a node kind; decorative (the kind is also written out). */
export function NodeKindIcon({ kind, className = '' }: { kind: NodeKind; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className={`size-3.5 shrink-0 ${className}`}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[kind]} />
    </svg>
  );
}

/** A small padlock, for mTLS badges. */
export function LockIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
    >
      <path d="M4 7V5a4 4 0 0 1 8 0v2M3 7h10v7H3z" />
    </svg>
  );
}
