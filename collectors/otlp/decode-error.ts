/**
 * Thrown for any OTLP payload that cannot be decoded: truncated or malformed protobuf, invalid
 * JSON, a JSON document of the wrong shape. The receiver answers it with 400 Bad Request.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

/** Runs `decode`, turning every failure (including the Reader's RangeErrors) into OtlpDecodeError. */
export function asDecodeError<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`${what}: ${reason}`, { cause: error });
  }
}
