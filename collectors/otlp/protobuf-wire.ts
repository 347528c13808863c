import type { Reader } from 'protobufjs/minimal';
import { OtlpDecodeError } from './decode-error';
import type { UnixNanos } from './unix-nanos';

/** Wire-format helpers for the hand-written OTLP decoder (see protobuf-decoder.ts). */

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

/** Calls `onField` for every field of the current message; skips those it does not take. */
export function forEachField(
  reader: Reader,
  onField: (field: number, wire: number) => boolean,
): void {
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) throw new OtlpDecodeError('invalid OTLP protobuf: field number 0');
    if (!onField(field, wire)) reader.skipType(wire, 0, field);
  }
}

export function expectWire(field: number, wire: number, expected: number): void {
  if (wire !== expected) {
    throw new OtlpDecodeError(
      `invalid OTLP protobuf: field ${field} has wire type ${wire}, expected ${expected}`,
    );
  }
}

/** Reads a length-delimited embedded message with the reader bounded to its extent. */
export function nested<T>(reader: Reader, read: () => T): T {
  const size = reader.uint32();
  const end = reader.pos + size;
  if (end > reader.len) {
    throw new OtlpDecodeError(
      `invalid OTLP protobuf: length ${size} at offset ${reader.pos} runs past the end`,
    );
  }
  const outerLen = reader.len;
  reader.len = end;
  const value = read();
  reader.len = outerLen;
  return value;
}

/** fixed64 as two unsigned 32-bit halves (little-endian: low word first). */
export function readFixed64(reader: Reader): UnixNanos {
  const lo = reader.fixed32();
  const hi = reader.fixed32();
  return { hi, lo };
}
