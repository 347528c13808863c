/** PostgreSQL's type OID for BIGINT (int8); `count(*)` and `sum(bigint)` also come back as it. */
export const INT8_OID = 20;

/**
 * Parses a BIGINT text value into a JS number, refusing values a double cannot hold exactly.
 * Money is integer cents and every amount is capped far below 2^53, so a value beyond it is a
 * bug to surface, never a number to round silently. Both adapters install this parser, so a
 * repository sees the same type on PGlite and PostgreSQL.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`BIGINT ${text} is outside the safe integer range of a JS number`);
  }
  return value;
}
