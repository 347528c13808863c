import type { Transfer } from './transfer';

/**
 * Storage seam of the payments service. `SqlTransfersRepository` implements it on the
 * service's own schema (PGlite or PostgreSQL).
 */
export interface TransfersRepository {
  /** Inserts the transfer, or records the new status and reason of a known one. */
  save(transfer: Transfer): Promise<void>;
  find(id: string): Promise<Transfer | undefined>;
  /** Marks a transfer held, counts the attempt and schedules the next one. */
  hold(id: string, reason: string, nextAttemptAt: Date): Promise<void>;
  /**
   * Claims up to `limit` transfers to retry: held ones that are due, and external ones left
   * pending (a crash mid-saga) for `stalePendingMs`. A claim pushes `next_attempt_at` by
   * `leaseMs`, so two sweepers never take the same transfer at once.
   */
  claimDue(leaseMs: number, stalePendingMs: number, limit: number): Promise<ClaimedTransfer[]>;
  setNotification(id: string, status: 'pending' | 'sent'): Promise<void>;
  /** Completed transfers whose notice could not be delivered yet. */
  pendingNotifications(limit: number): Promise<Transfer[]>;
}

export interface ClaimedTransfer {
  transfer: Transfer;
  /** Attempts made before this one. */
  attempts: number;
}
