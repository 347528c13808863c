import type { ServiceDb } from '../../platform/db';
import type { KycDecision, KycStatus } from './checks';

export interface KycCheck {
  id: string;
  customerId: string;
  name: string;
  document: string;
  status: KycStatus;
  reason?: KycDecision['reason'];
  checkedAt: string;
}

interface Row {
  [column: string]: unknown;
  id: string;
  customer_id: string;
  name: string;
  document_masked: string;
  status: KycStatus;
  reason: KycDecision['reason'] | null;
  checked_at: Date;
}

export class KycChecksRepository {
  constructor(private readonly db: ServiceDb) {}

  async add(check: KycCheck, fingerprint: string): Promise<void> {
    await this.db.query(
      `INSERT INTO checks (id, customer_id, name, document_masked, document_fingerprint, status, reason, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        check.id,
        check.customerId,
        check.name,
        check.document,
        fingerprint,
        check.status,
        check.reason ?? null,
        check.checkedAt,
      ],
    );
  }

  /** The customer's latest check, or undefined if they never submitted one. */
  async latest(customerId: string): Promise<KycCheck | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT id, customer_id, name, document_masked, status, reason, checked_at FROM checks
       WHERE customer_id = $1 ORDER BY checked_at DESC, id DESC LIMIT 1`,
      [customerId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      customerId: row.customer_id,
      name: row.name,
      document: row.document_masked,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      checkedAt: row.checked_at.toISOString(),
    };
  }
}
