/**
 * partner-bank's rules for an external transfer. Pure. A refusal is final for that
 * Idempotency-Key: the same key always gets the same answer.
 */
export interface ExternalTransferRequest {
  payee: { iban: string; name: string };
  amountCents: number;
  currency: string;
}

export type PayeeRefusal = 'invalid_iban' | 'payee_blocked' | 'limit_exceeded';

/** Largest single transfer partner-bank accepts: 250 000.00. */
export const PARTNER_LIMIT_CENTS = 25_000_000;

export function decideExternalTransfer(
  request: ExternalTransferRequest,
): { ok: true } | { ok: false; error: PayeeRefusal } {
  if (!isValidIban(request.payee.iban)) return { ok: false, error: 'invalid_iban' };
  if (/blocked/i.test(request.payee.name)) return { ok: false, error: 'payee_blocked' };
  if (request.amountCents > PARTNER_LIMIT_CENTS) return { ok: false, error: 'limit_exceeded' };
  return { ok: true };
}

/** ISO 13616 check: country, two check digits, then alphanumerics; mod 97 of the number is 1. */
export function isValidIban(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The same IBAN with valid check digits: how demo payees are made. */
export function withCheckDigits(country: string, bban: string): string {
  const body = `${bban}${country}00`.toUpperCase();
  let remainder = 0;
  for (const char of body) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`.toUpperCase();
}

/** Shows only the last four characters, e.g. `DE89…3000`. */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  return compact.length <= 8 ? '****' : `${compact.slice(0, 4)}…${compact.slice(-4)}`;
}
