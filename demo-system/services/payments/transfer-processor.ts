import type { Tracer } from '@opentelemetry/api';
import type { LedgerPort } from '../../platform/ledger-client';
import { runExternalTransferSaga } from './external-transfer-saga';
import type { Notifier } from './notifier';
import type { PartnerPort } from './partner-port';
import { holdDelayMs, type Transfer, type TransferOutcome } from './transfer';
import { runTransferSaga } from './transfer-saga';
import type { TransfersRepository } from './transfers-repository';

/**
 * Runs a transfer's saga and records the outcome: internal transfers once (as before),
 * external ones until they settle. `sweep` is the small in-process scheduler's work: it
 * re-runs held (and stale pending) external transfers when due and resends pending notices.
 */
export interface ProcessorOptions {
  tracer: Tracer;
  repository: TransfersRepository;
  ledger: LedgerPort;
  /** Absent when partner-bank is not configured: external transfers are then refused. */
  partner: PartnerPort | undefined;
  notifier: Notifier;
  /** First wait before a held transfer is retried (doubles per attempt). */
  holdBaseMs: number;
  holdMaxMs: number;
}

export class TransferProcessor {
  constructor(private readonly options: ProcessorOptions) {}

  get acceptsExternal(): boolean {
    return this.options.partner !== undefined;
  }

  /** Runs the saga of a saved transfer; returns the transfer as recorded after it. */
  async process(transfer: Transfer, attemptsBefore = 0): Promise<Transfer> {
    const { tracer, ledger, partner, repository } = this.options;
    let outcome: TransferOutcome;
    if (transfer.toExternal) {
      if (!partner) throw new Error('external transfers need partner-bank');
      outcome = await runExternalTransferSaga(tracer, ledger, partner, transfer);
    } else {
      outcome = await runTransferSaga(tracer, ledger, transfer);
    }
    if (outcome.status === 'held') {
      const delay = holdDelayMs(attemptsBefore, this.options.holdBaseMs, this.options.holdMaxMs);
      await repository.hold(transfer.id, outcome.reason, new Date(Date.now() + delay));
      return { ...transfer, ...outcome };
    }
    const done: Transfer = { ...withoutReason(transfer), ...outcome };
    await repository.save(done);
    if (outcome.status !== 'completed') return done;
    return this.notify(done);
  }

  /** One scheduler round: due held transfers, then pending notices. */
  async sweep(): Promise<void> {
    const { repository } = this.options;
    if (this.acceptsExternal) {
      const due = await repository.claimDue(30_000, 30_000, 20);
      for (const { transfer, attempts } of due) await this.process(transfer, attempts);
    }
    for (const transfer of await repository.pendingNotifications(20)) await this.notify(transfer);
  }

  private async notify(transfer: Transfer): Promise<Transfer> {
    const notice = await this.options.notifier.completed(transfer);
    if (notice === undefined) return transfer;
    if (notice !== transfer.notification) {
      await this.options.repository.setNotification(transfer.id, notice);
    }
    return { ...transfer, notification: notice };
  }
}

function withoutReason(transfer: Transfer): Transfer {
  const { reason: _reason, ...rest } = transfer;
  return rest;
}
