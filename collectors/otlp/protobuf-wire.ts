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

const TWO_POW_32 = 4294967296;

/** fixed64 as a number (exact up to 2^53; counts beyond that lose precision, never wrap). */
export function readFixed64Number(reader: Reader): number {
  const lo = reader.fixed32();
  const hi = reader.fixed32();
  return hi * TWO_POW_32 + lo;
}

/** sfixed64 as a number: the high word is signed. */
export function readSfixed64Number(reader: Reader): number {
  const lo = reader.fixed32();
  const hi = reader.sfixed32();
  return hi * TWO_POW_32 + lo;
}

/** The Long (or number) that protobufjs returns for int64/uint64 varints, as a number. */
export function longToNumber(
  long: number | { high: number; low: number },
  unsigned: boolean,
): number {
  if (typeof long === 'number') return long;
  const high = unsigned ? long.high >>> 0 : long.high;
  return high * TWO_POW_32 + (long.low >>> 0);
}

/**
 * A repeated scalar field, packed (one LEN field) or not (one field per element): protobuf
 * parsers must accept both. `elementWire` is the wire type of one unpacked element.
 */
export function readRepeated(
  reader: Reader,
  field: number,
  wire: number,
  elementWire: number,
  readOne: () => number,
  into: number[],
): void {
  if (wire === LEN) {
    nested(reader, () => {
      while (reader.pos < reader.len) into.push(readOne());
    });
    return;
  }
  expectWire(field, wire, elementWire);
  into.push(readOne());
}
