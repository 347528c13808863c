import { z } from 'zod';
import { GraphSnapshot } from './graph';

/**
 * The live stream (Server-Sent Events). Every message is one JSON object with a version `v`
 * and a `type`; the SSE `event:` field repeats the type. Consumers ignore types they do not
 * know, so new message types can be added without breaking older dashboards.
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

export const StreamMessage = z.discriminatedUnion('type', [HelloMessage, GraphMessage]);
export type StreamMessage = z.infer<typeof StreamMessage>;
export type StreamMessageType = StreamMessage['type'];
