import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type FaultEventSink,
  type FaultKind,
  type FaultPlatform,
  FaultRequestError,
  type FaultView,
  type Revert,
} from './types';

/**
 * Injects, times and reverts faults. Each fault gets an id, a start time and a TTL (bounded);
 * a timer reverts it at its TTL, `revert` and `revertAll` end it earlier, and reverting twice
 * is harmless (the second call sees the first's promise). Active faults and a bounded history
 * are kept; every start and end goes to the event sink (telemetry).
 */

export const DEFAULT_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 1_800;

export const faultRequestSchema = z
  .object({
    kind: z.string().min(1).max(100),
    target: z.string().min(1).max(200),
    params: z.record(z.string(), z.unknown()).default({}),
    ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).default(DEFAULT_TTL_SECONDS),
  })
  .strict();
export type FaultRequest = z.input<typeof faultRequestSchema>;

export interface FaultEngineOptions {
  kinds: readonly FaultKind[];
  platform: FaultPlatform;
  events: FaultEventSink;
  maxActive?: number;
  maxHistory?: number;
  now?: () => number;
  /** Told when a revert fails (the fault still ends). */
  warn?: (line: string) => void;
}

export interface CatalogEntryView {
  kind: string;
  title: string;
  description: string;
  targetType: FaultKind['targetType'];
  targets: string[];
  /** JSON Schema of the params (defaults included). */
  paramsSchema: unknown;
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

interface ActiveFault {
  view: FaultView;
  revert: Revert;
  timer: NodeJS.Timeout;
  ending?: Promise<FaultView>;
}

export class FaultEngine {
  private readonly kinds: Map<string, FaultKind>;
  private readonly active = new Map<string, ActiveFault>();
  private readonly history: FaultView[] = [];
  private readonly maxActive: number;
  private readonly maxHistory: number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: FaultEngineOptions) {
    this.kinds = new Map(options.kinds.map((k) => [k.kind, k]));
    this.maxActive = options.maxActive ?? 20;
    this.maxHistory = options.maxHistory ?? 100;
    this.now = options.now ?? Date.now;
  }

  async catalog(): Promise<CatalogEntryView[]> {
    const kinds = [...this.kinds.values()];
    const targets = await Promise.all(
      kinds.map(async (k) => {
        try {
          return await k.targets(this.options.platform);
        } catch {
          return [];
        }
      }),
    );
    return kinds.map((k, i) => ({
      kind: k.kind,
      title: k.title,
      description: k.description,
      targetType: k.targetType,
      targets: targets[i] ?? [],
      paramsSchema: z.toJSONSchema(k.params, { io: 'input' }),
      defaultTtlSeconds: DEFAULT_TTL_SECONDS,
      maxTtlSeconds: MAX_TTL_SECONDS,
    }));
  }

  snapshot(): { active: FaultView[]; history: FaultView[] } {
    return {
      active: [...this.active.values()].map((a) => this.fresh(a.view)),
      history: this.history.map((v) => ({ ...v })),
    };
  }

  get(id: string): FaultView | undefined {
    const active = this.active.get(id);
    if (active) return this.fresh(active.view);
    const ended = this.history.find((v) => v.id === id);
    return ended ? { ...ended } : undefined;
  }

  /** Validates and applies a fault; throws FaultRequestError (400/409) when refused. */
  async inject(input: unknown): Promise<FaultView> {
    if (this.closed) throw new FaultRequestError(409, 'closed', 'the fault engine is shut down');
    const parsed = faultRequestSchema.safeParse(input ?? {});
    if (!parsed.success) {
      throw new FaultRequestError(400, 'invalid_request', describeIssues(parsed.error), {
        allowedFields: ['kind', 'target', 'params', 'ttlSeconds'],
        kinds: [...this.kinds.keys()],
      });
    }
    const request = parsed.data;
    const kind = this.kinds.get(request.kind);
    if (!kind) {
      throw new FaultRequestError(
        400,
        'unknown_kind',
        `unknown fault kind "${request.kind}"; allowed: ${[...this.kinds.keys()].join(', ')}`,
        { kinds: [...this.kinds.keys()] },
      );
    }
    const targets = await kind.targets(this.options.platform);
    if (!targets.includes(request.target)) {
      throw new FaultRequestError(
        400,
        'unknown_target',
        `"${request.target}" is not a target of ${kind.kind}; allowed: ${targets.join(', ') || '(none running)'}`,
        { targets },
      );
    }
    const params = kind.params.safeParse(request.params);
    if (!params.success) {
      throw new FaultRequestError(
        400,
        'invalid_params',
        `${kind.kind}: ${describeIssues(params.error)}; allowed params: ${paramNames(kind).join(', ') || '(none)'}`,
        { params: paramNames(kind), paramsSchema: z.toJSONSchema(kind.params, { io: 'input' }) },
      );
    }
    if (kind.exclusive) {
      const clash = [...this.active.values()].find(
        (a) => a.view.kind === kind.kind && a.view.target === request.target,
      );
      if (clash) {
        throw new FaultRequestError(
          409,
          'already_active',
          `${kind.kind} on ${request.target} is already active (${clash.view.id}); revert it first`,
          { id: clash.view.id },
        );
      }
    }
    if (this.active.size >= this.maxActive) {
      throw new FaultRequestError(
        409,
        'too_many_faults',
        `at most ${this.maxActive} faults at once; revert some first`,
      );
    }
    const cap = kind.ttlCapSeconds?.(params.data);
    const ttlSeconds = cap === undefined ? request.ttlSeconds : Math.min(request.ttlSeconds, cap);
    const id = `flt_${randomUUID().slice(0, 8)}`;
    let revert: Revert;
    try {
      revert = await kind.apply({
        id,
        target: request.target,
        params: params.data,
        ttlSeconds,
        platform: this.options.platform,
      });
    } catch (error) {
      throw new FaultRequestError(
        409,
        'apply_failed',
        `${kind.kind} on ${request.target}: ${message(error)}`,
      );
    }
    const startedAt = this.now();
    const view: FaultView = {
      id,
      kind: kind.kind,
      target: request.target,
      params: params.data as Record<string, unknown>,
      ttlSeconds,
      startedAt: new Date(startedAt).toISOString(),
      expiresAt: new Date(startedAt + ttlSeconds * 1_000).toISOString(),
      remainingSeconds: ttlSeconds,
      status: 'active',
    };
    const timer = setTimeout(() => void this.revert(id, 'ttl'), ttlSeconds * 1_000);
    timer.unref();
    this.active.set(id, { view, revert, timer });
    this.options.events.started({ ...view });
    return { ...view };
  }

  /** Ends one fault; undefined for an id never seen. Idempotent. */
  async revert(id: string, reason = 'reverted'): Promise<FaultView | undefined> {
    const active = this.active.get(id);
    if (!active) {
      const ended = this.history.find((v) => v.id === id);
      return ended ? { ...ended } : undefined;
    }
    active.ending ??= this.end(active, reason);
    return active.ending;
  }

  /** Ends every active fault (the "stop all" button). */
  async revertAll(reason = 'stopped-all'): Promise<FaultView[]> {
    const ids = [...this.active.keys()];
    const ended = await Promise.all(ids.map((id) => this.revert(id, reason)));
    return ended.filter((v): v is FaultView => v !== undefined);
  }

  /** Reverts everything and refuses new faults. */
  async close(): Promise<void> {
    this.closed = true;
    await this.revertAll('shutdown');
  }

  private async end(active: ActiveFault, reason: string): Promise<FaultView> {
    clearTimeout(active.timer);
    active.view.status = 'reverting';
    let error: string | undefined;
    try {
      await active.revert();
    } catch (failure) {
      error = message(failure);
      this.options.warn?.(`fault ${active.view.id} (${active.view.kind}): revert failed: ${error}`);
    }
    const ended: FaultView = {
      ...active.view,
      status: 'ended',
      remainingSeconds: 0,
      endedAt: new Date(this.now()).toISOString(),
      endReason: reason,
      ...(error ? { error } : {}),
    };
    this.active.delete(active.view.id);
    this.history.unshift(ended);
    this.history.length = Math.min(this.history.length, this.maxHistory);
    this.options.events.ended({ ...ended });
    return { ...ended };
  }

  private fresh(view: FaultView): FaultView {
    const remaining = (Date.parse(view.expiresAt) - this.now()) / 1_000;
    return { ...view, remainingSeconds: Math.max(0, Math.ceil(remaining)) };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.') || '(body)';
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` ${issue.keys.join(', ')}` : '';
      return `${path}: ${issue.message}${keys && !issue.message.includes(keys.trim()) ? keys : ''}`;
    })
    .join('; ');
}

function paramNames(kind: FaultKind): string[] {
  return kind.params instanceof z.ZodObject ? Object.keys(kind.params.shape) : [];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
