import { Reader } from 'protobufjs/minimal';
import type { SpanEvent, SpanLink } from '../contracts/traces';
import { asDecodeError } from './decode-error';
import { readKeyValue, readResourceGroups } from './protobuf-values';
import {
  expectWire,
  forEachField,
  I32,
  I64,
  LEN,
  nested,
  readFixed64,
  VARINT,
} from './protobuf-wire';
import { bytesToHex, type DecodedTraces, type RawSpan, SpanCollector } from './span-record';
import { nanosToUnixMs, ZERO_NANOS } from './unix-nanos';

/**
 * Decodes an OTLP ExportTraceServiceRequest (protobuf) into spans, reading the wire format
 * directly with protobufjs' Reader. Field numbers follow opentelemetry-proto v1:
 * collector/trace/v1/trace_service.proto, trace/v1/trace.proto, common/v1/common.proto and
 * resource/v1/resource.proto. Unknown fields are skipped.
 *
 * Every embedded message is read with the Reader's `len` narrowed to the message's end, so no
 * read can cross into the next field: a length past the end, a truncated buffer or a bad wire
 * type throws, and the whole request is refused with an OtlpDecodeError.
 */
export function decodeTraceRequestProtobuf(bytes: Uint8Array): DecodedTraces {
  return asDecodeError('invalid OTLP protobuf', () => {
    const reader = Reader.create(bytes);
    const collector = new SpanCollector();
    readResourceGroups(reader, readSpan, (resource, spans) =>
      collector.addResourceSpans(resource, spans),
    );
    return collector.result();
  });
}

function readSpan(reader: Reader): RawSpan {
  const span: RawSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    start: ZERO_NANOS,
    end: ZERO_NANOS,
    attributes: {},
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, LEN);
        span.traceId = bytesToHex(reader.bytes());
        return true;
      case 2:
        expectWire(field, wire, LEN);
        span.spanId = bytesToHex(reader.bytes());
        return true;
      case 4:
        expectWire(field, wire, LEN);
        span.parentSpanId = bytesToHex(reader.bytes());
        return true;
      case 5:
        expectWire(field, wire, LEN);
        span.name = reader.string();
        return true;
      case 6:
        expectWire(field, wire, VARINT);
        span.kind = reader.int32();
        return true;
      case 7:
        expectWire(field, wire, I64);
        span.start = readFixed64(reader);
        return true;
      case 8:
        expectWire(field, wire, I64);
        span.end = readFixed64(reader);
        return true;
      case 9:
        expectWire(field, wire, LEN);
        nested(reader, () => readKeyValue(reader, span.attributes, 0));
        return true;
      case 11:
        expectWire(field, wire, LEN);
        span.events.push(nested(reader, () => readEvent(reader)));
        return true;
      case 13:
        expectWire(field, wire, LEN);
        span.links.push(nested(reader, () => readLink(reader)));
        return true;
      case 15:
        expectWire(field, wire, LEN);
        nested(reader, () => readStatus(reader, span));
        return true;
      case 16:
        expectWire(field, wire, I32);
        reader.skip(4); // flags: not kept
        return true;
      default:
        return false; // trace_state, dropped counts, future fields
    }
  });
  return span;
}

function readStatus(reader: Reader, span: RawSpan): void {
  forEachField(reader, (field, wire) => {
    if (field === 2) {
      expectWire(field, wire, LEN);
      span.statusMessage = reader.string();
    } else if (field === 3) {
      expectWire(field, wire, VARINT);
      span.statusCode = reader.int32();
    } else return false;
    return true;
  });
}

function readEvent(reader: Reader): SpanEvent {
  let time = ZERO_NANOS;
  const event: SpanEvent = { name: '', timeUnixMs: 0, attributes: {} };
  forEachField(reader, (field, wire) => {
    if (field === 1) {
      expectWire(field, wire, I64);
      time = readFixed64(reader);
    } else if (field === 2) {
      expectWire(field, wire, LEN);
      event.name = reader.string();
    } else if (field === 3) {
      expectWire(field, wire, LEN);
      nested(reader, () => readKeyValue(reader, event.attributes, 0));
    } else return false;
    return true;
  });
  event.timeUnixMs = nanosToUnixMs(time);
  return event;
}

function readLink(reader: Reader): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', attributes: {} };
  forEachField(reader, (field, wire) => {
    if (field === 1) {
      expectWire(field, wire, LEN);
      link.traceId = bytesToHex(reader.bytes());
    } else if (field === 2) {
      expectWire(field, wire, LEN);
      link.spanId = bytesToHex(reader.bytes());
    } else if (field === 4) {
      expectWire(field, wire, LEN);
      nested(reader, () => readKeyValue(reader, link.attributes, 0));
    } else return false;
    return true;
  });
  return link;
}
