import { gzipSync } from 'node:zlib';

/**
 * Random and mutated OTLP request bodies and headers for the receiver's fuzz test, drawn from a
 * seeded PRNG so that a failing run reproduces from its seed.
 */

/** mulberry32: a small, fast, seedable 32-bit PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fuzz {
  constructor(readonly random: () => number) {}

  int(maxExclusive: number): number {
    return Math.floor(this.random() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** A random JSON value, nested at most `depth` levels, sometimes with OTLP-looking keys. */
  json(depth: number): unknown {
    const keys = [
      'resourceSpans',
      'resourceMetrics',
      'resourceLogs',
      'scopeSpans',
      'scopeMetrics',
      'scopeLogs',
      'spans',
      'metrics',
      'logRecords',
      'dataPoints',
      'gauge',
      'sum',
      'histogram',
      'traceId',
      'spanId',
      'timeUnixNano',
      'asInt',
      'asDouble',
      'body',
      'attributes',
      'value',
      'stringValue',
      'intValue',
      'kvlistValue',
      'values',
      'key',
      'x',
    ];
    const kind = depth <= 0 ? this.int(5) : this.int(7);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.random() < 0.5;
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 64, Number.MAX_SAFE_INTEGER, 1e308, -0]);
      case 3:
        return this.pick(['', 'NaN', '-1', '1700000000000000000', 'ff'.repeat(16), 'é\u0000']);
      case 4:
        return this.int(1000);
      case 5:
        return Array.from({ length: this.int(4) }, () => this.json(depth - 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) object[this.pick(keys)] = this.json(depth - 1);
        return object;
      }
    }
  }

  /** Replaces one random nested value of a parsed JSON document with random JSON. */
  mutateJson(document: unknown): unknown {
    if (document === null || typeof document !== 'object' || this.random() < 0.2) {
      return this.json(3);
    }
    const container = document as Record<string, unknown>;
    const keys = Object.keys(container);
    if (keys.length === 0) return this.json(3);
    const key = this.pick(keys);
    container[key] = this.mutateJson(container[key]);
    return document;
  }

  /** One body: a valid one mutated in one of many ways, or garbage. */
  body(valid: readonly Uint8Array[], validJson: readonly Uint8Array[]): Uint8Array {
    const base = this.pick(valid);
    const encoder = new TextEncoder();
    switch (this.int(11)) {
      case 0: {
        const out = Uint8Array.from(base);
        for (let n = 1 + this.int(8); n > 0 && out.length > 0; n--) {
          const at = this.int(out.length);
          out[at] = out[at]! ^ (1 << this.int(8));
        }
        return out;
      }
      case 1:
        return base.subarray(0, this.int(base.length + 1));
      case 2: {
        const other = this.pick(valid);
        const head = base.subarray(0, this.int(base.length + 1));
        const tail = other.subarray(this.int(other.length + 1));
        return Uint8Array.from([...head, ...tail]);
      }
      case 3:
        return this.bytes(this.int(512));
      case 4:
        return encoder.encode(JSON.stringify(this.json(4)));
      case 5: {
        const document = JSON.parse(new TextDecoder().decode(this.pick(validJson)));
        return encoder.encode(JSON.stringify(this.mutateJson(document)));
      }
      case 6: {
        const at = this.int(base.length + 1);
        return Uint8Array.from([
          ...base.subarray(0, at),
          ...this.bytes(1 + this.int(16)),
          ...base.subarray(at),
        ]);
      }
      case 7:
        return encoder.encode('['.repeat(10_000 + this.int(90_000)));
      case 8:
        return encoder.encode(
          `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(200)}]}}]}]}]}`,
        );
      case 9:
        return new Uint8Array(0);
      default:
        return base;
    }
  }

  /** Mostly a supported type (so most bodies reach a decoder), sometimes anything else. */
  contentType(): string | undefined {
    if (this.random() < 0.75) {
      return this.pick([
        'application/x-protobuf',
        'application/json',
        'application/json; charset=utf-8',
        'APPLICATION/X-PROTOBUF',
      ]);
    }
    return this.pick([
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      undefined,
      'application/json;;;',
      'x',
    ]);
  }

  /** Content-Encoding and the body as it is then sent (gzip applied when the header says so). */
  encode(body: Uint8Array): { encoding: string | undefined; sent: Uint8Array } {
    switch (this.int(8)) {
      case 0:
      case 1:
        return { encoding: 'gzip', sent: gzipSync(body) };
      case 2: {
        const gz = gzipSync(body);
        return { encoding: 'gzip', sent: gz.subarray(0, this.int(gz.length + 1)) };
      }
      case 3:
        return { encoding: 'gzip', sent: body }; // not gzip at all
      case 4:
        return {
          encoding: this.pick(['identity', 'br', 'deflate', 'x-gzip', 'zstd', 'gzip, br']),
          sent: body,
        };
      default:
        return { encoding: undefined, sent: body };
    }
  }
}
