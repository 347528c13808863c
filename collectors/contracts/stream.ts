import { z } from 'zod';
import { CqrsSnapshot } from './cqrs';
import { FaultsSnapshot } from './faults';
import { GraphSnapshot } from './graph';
import { BreakersResponse, SagasOverview } from './query-api';
import { RedSnapshot } from './red';

/**
 * The live stream (Server-Sent Events). Every message is one JSON object with a version `v`
 * and a `type`; the SSE `event:` field repeats the type. Consumers ignore types they do not
 * know, so new message types can be added without breaking older dashboards (version 1 is
 * additive: `red`, `breakers`, `faults`, `sagas` and `cqrs` came after `hello` and `graph`).
 *
 * A client gets `hello`, then one message of every other type at once. After that, on every
 * tick: `graph` and `red` always; `breakers`, `faults`, `sagas` and `cqrs` only when they
 * changed.
 */
export const STREAM_VERSION = 1 as const;

export const HelloMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('hello'),
  data: z.object({ serverTimeUnixMs: z.number(), collectorVersion: z.string() }),
});

export const GraphMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('graph'),
  data: GraphSnapshot,
});

export const RedMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('red'),
  data: RedSnapshot,
});

export const BreakersMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('breakers'),
  data: BreakersResponse,
});

export const FaultsMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('faults'),
  data: FaultsSnapshot,
});

export const SagasMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('sagas'),
  data: SagasOverview,
});

export const CqrsMessage = z.object({
  v: z.literal(STREAM_VERSION),
  type: z.literal('cqrs'),
  data: CqrsSnapshot,
});

export const StreamMessage = z.discriminatedUnion('type', [
  HelloMessage,
  GraphMessage,
  RedMessage,
  BreakersMessage,
  FaultsMessage,
  SagasMessage,
  CqrsMessage,
]);
export type StreamMessage = z.infer<typeof StreamMessage>;
export type StreamMessageType = StreamMessage['type'];
