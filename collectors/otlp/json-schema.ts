import { z } from 'zod';

/**
 * The shape of an OTLP/JSON ExportTraceServiceRequest (lowerCamelCase names, ids as hex
 * strings, enums as integers, 64-bit integers as decimal strings or numbers). Every field may be
 * omitted (the protobuf default applies) and unknown fields are ignored, as the OTLP/JSON
 * mapping requires. Ids are only checked to be strings here: invalid ids reject single spans
 * (partial success), not the whole request.
 */

/** z.number().int() stops at 2^53; OTLP's 64-bit integers may arrive as larger numbers. */
export const Integer = z.number().refine(Number.isInteger, 'expected an integer');
export const Int64 = z.union([z.string().regex(/^-?\d{1,20}$/), Integer]);
export const UInt64 = z.union([z.string().regex(/^\d{1,20}$/), Integer.refine((n) => n >= 0)]);
/** proto3 JSON allows "NaN", "Infinity" and "-Infinity" for doubles, and numbers as strings. */
export const Double = z.union([
  z.number(),
  z.string().regex(/^(NaN|-?Infinity|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/),
]);
export const Enum = z.number().int();

export interface AnyValueJson {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: string | number | undefined;
  arrayValue?: { values?: AnyValueJson[] | undefined } | undefined;
  kvlistValue?: { values?: KeyValueJson[] | undefined } | undefined;
  bytesValue?: string | undefined;
}

export interface KeyValueJson {
  key?: string | undefined;
  value?: AnyValueJson | undefined;
}

export const AnyValueJson: z.ZodType<AnyValueJson> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: Int64.optional(),
    doubleValue: Double.optional(),
    arrayValue: z.object({ values: z.array(AnyValueJson).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(KeyValueJson).optional() }).optional(),
    bytesValue: z.string().optional(),
  }),
);

export const KeyValueJson: z.ZodType<KeyValueJson> = z.lazy(() =>
  z.object({ key: z.string().optional(), value: AnyValueJson.optional() }),
);

export const Attributes = z.array(KeyValueJson).optional();
export const ResourceJson = z.object({ attributes: Attributes }).optional();

const EventJson = z.object({
  timeUnixNano: UInt64.optional(),
  name: z.string().optional(),
  attributes: Attributes,
});

const LinkJson = z.object({
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  attributes: Attributes,
});

export const SpanJson = z.object({
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: Enum.optional(),
  startTimeUnixNano: UInt64.optional(),
  endTimeUnixNano: UInt64.optional(),
  attributes: Attributes,
  events: z.array(EventJson).optional(),
  links: z.array(LinkJson).optional(),
  status: z.object({ message: z.string().optional(), code: Enum.optional() }).optional(),
});
export type SpanJson = z.infer<typeof SpanJson>;

export const ExportTraceServiceRequestJson = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: ResourceJson,
        scopeSpans: z.array(z.object({ spans: z.array(SpanJson).optional() })).optional(),
      }),
    )
    .optional(),
});
export type ExportTraceServiceRequestJson = z.infer<typeof ExportTraceServiceRequestJson>;
