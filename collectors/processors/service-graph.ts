import { semconv } from '../contracts/conventions';
import type {
  ConnectionType,
  GraphEdge,
  GraphNode,
  GraphSnapshot,
  NodeKind,
} from '../contracts/graph';
import type { Attributes, Span } from '../contracts/traces';
import { RollingWindow, rateSeconds } from './rolling-window';
import { topicNode, USER_NODE, type VirtualNode, virtualPeer } from './virtual-nodes';

export interface ServiceGraphOptions {
  /** How long an unmatched client/server half waits for its partner. */
  waitMs?: number;
  /** Most half-edges kept waiting; beyond it the oldest is dropped (and counted). */
  maxPending?: number;
  windowSeconds?: number;
  bucketSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

export interface ServiceGraphStats {
  pending: number;
  /** Halves dropped because the pending store was full. */
  droppedPending: number;
  /** Halves that expired without a partner and without a name for a virtual node. */
  expiredUnpaired: number;
}

interface Half {
  service: string;
  kind: Span['kind'];
  durationMs: number;
  error: boolean;
  attributes: Attributes;
}

interface PendingEdge {
  client?: Half;
  server?: Half;
  expiresAtMs: number;
}

interface EdgeState {
  source: string;
  target: string;
  connectionType: ConnectionType;
  window: RollingWindow;
  totalRequests: number;
  totalErrors: number;
}

/** Counts of one edge since the collector started (Prometheus counters). */
export interface EdgeTotals {
  source: string;
  target: string;
  connectionType: ConnectionType;
  requests: number;
  errors: number;
}

const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/**
 * The service graph, derived like Grafana Tempo's servicegraphs processor: a client (or
 * producer) span keyed by (traceId, spanId) meets the server (or consumer) span keyed by
 * (traceId, parentSpanId), and the pair is one request on the edge client service -> server
 * service, its latency the client span's duration (what the caller waited). Unmatched halves wait `waitMs`, then an unmatched client becomes an edge to a
 * virtual node (see virtualPeer); a root server span is an edge from 'user' at once.
 *
 * Messaging spans that name their destination (`messaging.destination.name`) go through the
 * topic instead of pairing: a producer span is one publish on the edge service -> topic, a
 * consumer span one delivery on topic -> service, both at once. A topic is a node of its own
 * (as in Kiali), and fan-out works: every consumer group's consumer spans have the same
 * producer span as parent, which one pairing could match only once.
 *
 * Every edge and node keeps rolling-window figures; `snapshot` reads them out.
 */
export class ServiceGraph {
  private readonly waitMs: number;
  private readonly maxPending: number;
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly clock: () => number;
  private readonly pending = new Map<string, PendingEdge>();
  private readonly edges = new Map<string, EdgeState>();
  private readonly virtualNodes = new Map<string, VirtualNode>();
  /** Reporting services: when each last sent a span, and its server-side requests. */
  private readonly services = new Map<string, { lastSeenMs: number; served: RollingWindow }>();
  private droppedPending = 0;
  private expiredUnpaired = 0;
  /** When the first span arrived: rates divide by the time observed, up to one window. */
  private observedSinceMs: number | undefined;

  constructor(options: ServiceGraphOptions = {}) {
    this.waitMs = options.waitMs ?? 10_000;
    this.maxPending = options.maxPending ?? 10_000;
    this.windowMs = (options.windowSeconds ?? 60) * 1000;
    this.bucketMs = (options.bucketSeconds ?? 1) * 1000;
    this.clock = options.clock ?? Date.now;
  }

  consume(spans: Iterable<Span>): void {
    const nowMs = this.clock();
    this.observedSinceMs ??= nowMs;
    this.expire(nowMs);
    for (const span of spans) this.consumeOne(span, nowMs);
  }

  /** Turns halves whose wait is over into virtual edges (or drops them). */
  expire(nowMs: number = this.clock()): void {
    for (const [key, edge] of this.pending) {
      if (edge.expiresAtMs > nowMs) break; // insertion order is expiry order
      this.pending.delete(key);
      const peer = edge.client && virtualPeer(edge.client.attributes);
      if (edge.client && peer) {
        this.virtualNodes.set(peer.id, peer);
        const { service, durationMs, error } = edge.client;
        this.recordEdge(service, peer.id, peer.connectionType, durationMs, error, nowMs);
      } else {
        this.expiredUnpaired++;
      }
    }
  }

  snapshot(nowMs: number = this.clock()): GraphSnapshot {
    this.expire(nowMs);
    const windowSeconds = this.windowMs / 1000;
    // Divide by the time observed (at least one bucket, at most the window): see rateSeconds.
    const seconds = rateSeconds(this.observedSinceMs, nowMs, this.windowMs, this.bucketMs);
    const edges: GraphEdge[] = [];
    const referenced = new Set<string>();
    for (const [id, state] of this.edges) {
      const { count, errors, latency } = state.window.summary(nowMs);
      if (count === 0) continue;
      referenced.add(state.source).add(state.target);
      edges.push({
        id,
        source: state.source,
        target: state.target,
        connectionType: state.connectionType,
        requestCount: count,
        errorCount: errors,
        requestRatePerSecond: count / seconds,
        errorRate: errors / count,
        latencyMs: {
          p50: latency.quantile(QUANTILES.p50),
          p95: latency.quantile(QUANTILES.p95),
          p99: latency.quantile(QUANTILES.p99),
        },
        totalRequests: state.totalRequests,
      });
    }
    const nodes: GraphNode[] = [];
    for (const [name, { lastSeenMs, served }] of this.services) {
      if (lastSeenMs < nowMs - this.windowMs && !referenced.has(name)) continue;
      const { count, errors } = served.summary(nowMs);
      nodes.push(node(name, name, 'service', count / seconds, count ? errors / count : 0));
    }
    for (const id of referenced) {
      if (this.services.has(id)) continue;
      const virtual = this.virtualNodes.get(id);
      nodes.push(node(id, virtual?.label ?? id, virtual?.kind ?? 'external', 0, 0));
    }
    return { generatedAtUnixMs: nowMs, windowSeconds, nodes, edges };
  }

  /** Every edge's counts since start, including edges idle for longer than the window. */
  totals(): EdgeTotals[] {
    return [...this.edges.values()].map((e) => ({
      source: e.source,
      target: e.target,
      connectionType: e.connectionType,
      requests: e.totalRequests,
      errors: e.totalErrors,
    }));
  }

  stats(): ServiceGraphStats {
    return {
      pending: this.pending.size,
      droppedPending: this.droppedPending,
      expiredUnpaired: this.expiredUnpaired,
    };
  }

  private consumeOne(span: Span, nowMs: number): void {
    const half: Half = {
      service: span.service,
      kind: span.kind,
      durationMs: span.durationMs,
      error: span.statusCode === 'error',
      attributes: span.attributes,
    };
    const service = this.serviceState(span.service);
    service.lastSeenMs = nowMs;
    const topic = messagingTopic(span);
    if (topic) {
      this.virtualNodes.set(topic.id, topic);
      if (span.kind === 'producer') {
        this.recordEdge(span.service, topic.id, 'messaging', half.durationMs, half.error, nowMs);
      } else {
        service.served.record(nowMs, half.error);
        this.recordEdge(topic.id, span.service, 'messaging', half.durationMs, half.error, nowMs);
      }
    } else if (span.kind === 'client' || span.kind === 'producer') {
      this.meet(`${span.traceId}:${span.spanId}`, 'client', half, nowMs);
    } else if (span.kind === 'server' || span.kind === 'consumer') {
      service.served.record(nowMs, half.error);
      if (span.parentSpanId === '') {
        this.virtualNodes.set(USER_NODE.id, USER_NODE);
        this.recordEdge(USER_NODE.id, span.service, 'virtual', half.durationMs, half.error, nowMs);
      } else {
        this.meet(`${span.traceId}:${span.parentSpanId}`, 'server', half, nowMs);
      }
    }
  }

  private meet(key: string, side: 'client' | 'server', half: Half, nowMs: number): void {
    const waiting = this.pending.get(key);
    const other = side === 'client' ? waiting?.server : waiting?.client;
    if (waiting && other && !waiting[side]) {
      this.pending.delete(key);
      const client = side === 'client' ? half : other;
      const server = side === 'client' ? other : half;
      const messaging = client.kind === 'producer' || server.kind === 'consumer';
      const type: ConnectionType = messaging ? 'messaging' : 'http';
      const error = client.error || server.error;
      // A call's latency is what the caller waited (Kiali's source-reporter view): it includes
      // the network and the sidecars, so a delay injected at the callee's proxy shows on the
      // edge. A message's is the consumer's work (a producer does not wait for it).
      const latencyMs = messaging ? server.durationMs : client.durationMs;
      this.recordEdge(client.service, server.service, type, latencyMs, error, nowMs);
      return;
    }
    if (waiting) return; // a duplicate half: keep the first
    if (this.pending.size >= this.maxPending) {
      const oldest = this.pending.keys().next();
      if (!oldest.done) this.pending.delete(oldest.value);
      this.droppedPending++;
    }
    this.pending.set(key, { [side]: half, expiresAtMs: nowMs + this.waitMs });
  }

  private recordEdge(
    source: string,
    target: string,
    connectionType: ConnectionType,
    latencyMs: number,
    error: boolean,
    nowMs: number,
  ): void {
    const id = `${source}->${target}`;
    let state = this.edges.get(id);
    if (!state) {
      const window = new RollingWindow(this.windowMs, this.bucketMs, true);
      state = { source, target, connectionType, window, totalRequests: 0, totalErrors: 0 };
      this.edges.set(id, state);
    }
    state.window.record(nowMs, error, latencyMs);
    state.totalRequests++;
    if (error) state.totalErrors++;
  }

  private serviceState(name: string) {
    let state = this.services.get(name);
    if (!state) {
      state = { lastSeenMs: 0, served: new RollingWindow(this.windowMs, this.bucketMs, false) };
      this.services.set(name, state);
    }
    return state;
  }
}

/** The topic node of a producer or consumer span that names its destination. */
function messagingTopic(span: Span): VirtualNode | undefined {
  if (span.kind !== 'producer' && span.kind !== 'consumer') return undefined;
  const name = span.attributes[semconv.messagingDestinationName];
  return typeof name === 'string' && name !== '' ? topicNode(name) : undefined;
}

function node(
  id: string,
  label: string,
  kind: NodeKind,
  requestRatePerSecond: number,
  errorRate: number,
): GraphNode {
  return { id, label, kind, requestRatePerSecond, errorRate };
}
