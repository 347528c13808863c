import { createHash } from 'node:crypto';

/**
 * The identity check: a deterministic rule on the document number, so the demo shows every
 * outcome and a given document always gets the same one. Pure.
 *
 * - not shaped like a document (1-2 letters, then 6-10 digits, after removing spaces and
 *   dashes): rejected, `document_invalid`;
 * - last digit 0: rejected, `document_expired`;
 * - last digit 9: pending, `manual_review` (a person must look; nothing resolves it yet);
 * - anything else: approved.
 */
export type KycStatus = 'pending' | 'approved' | 'rejected';

export interface KycDecision {
  status: KycStatus;
  reason?: 'document_invalid' | 'document_expired' | 'manual_review';
}

export function normalizeDocument(document: string): string {
  return document.replace(/[\s-]+/g, '').toUpperCase();
}

export function checkDocument(document: string): KycDecision {
  const normalized = normalizeDocument(document);
  if (!/^[A-Z]{1,2}\d{6,10}$/.test(normalized)) {
    return { status: 'rejected', reason: 'document_invalid' };
  }
  const last = normalized.at(-1);
  if (last === '0') return { status: 'rejected', reason: 'document_expired' };
  if (last === '9') return { status: 'pending', reason: 'manual_review' };
  return { status: 'approved' };
}

/** What is kept of a document: never the number itself, only its last 3 characters. */
export function maskDocument(document: string): string {
  const normalized = normalizeDocument(document);
  return `***${normalized.slice(-3)}`;
}

/** A fingerprint to recognise a resubmitted document without storing it. */
export function fingerprint(document: string): string {
  return createHash('sha256').update(normalizeDocument(document)).digest('hex');
}
