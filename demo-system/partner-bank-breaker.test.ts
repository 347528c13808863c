import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BREAKER_STATE_GAUGE,
  breakerAttributes,
  breakerEvents,
  breakerMetrics,
} from '../collectors/contracts/conventions';
import type { Topology } from './control/topology';
import { type Platform, startPlatform } from './main';
import { partnerBankSchema } from './services/partner-bank/migrations';
import { openTestPglite, type TestDatabase } from './testing/database';
import { eventually, jsonRequest } from './testing/http';
import {
  decodePoints,
  type OtlpReceiver,
  type ReceivedPoint,
  startOtlpReceiver,
} from './testing/otlp-receiver';
import { decodeSpanEvents, type ReceivedSpanEvent } from './testing/otlp-span-events';

/**
 * The payments → partner-bank circuit breaker, end to end on the running platform, asserted on
 * what the platform EXPORTS over OTLP (span events `circuit_breaker.state_change` and the
 * `circuit_breaker.state` gauge / `circuit_breaker.calls` counter):
 *
 * 1. partner-bank fails every request (its own admin route): external transfers through the
 *    gateway are held (202), and the breaker goes closed → open after exactly its
 *    `consecutiveFailures` failed calls;
 * 2. transfers made while it is open are held with `partner_bank_breaker_open`, not failed;
 * 3. partner-bank is healthy again: after `halfOpenAfterMs` the scheduler's retry of a held
 *    transfer is the probe (open → half_open), its success closes the breaker
 *    (half_open → closed), and every held transfer completes;
 * 4. money is neither lost nor paid twice: the account's balance plus what partner-bank
 *    accepted equals what was deposited, with one accepted order per transfer.
 */
const IBAN = 'DE89370400440532013000';
const DEPOSIT_CENTS = 100_000;
const PAYMENTS = 'payments';
const PARTNER_BANK = 'partner-bank';

interface TransferBody {
  id: string;
  status: string;
  reason?: string;
  amountCents: number;
}

describe('payments → partner-bank breaker on the running platform', () => {
  let receiver: OtlpReceiver;
  let platform: Platform;
  let data: TestDatabase & { dataDir: string };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    data = await openTestPglite();
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: receiver.url,
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: data.dataDir,
      },
      { log: () => undefined, database: data.database, metricIntervalMs: 200 },
    );
  });
  afterAll(async () => {
    await platform?.close();
    await data?.cleanup();
    await receiver?.close();
  });

  it('opens after its failures, holds transfers, half-opens after the wait and closes', async () => {
    // Where partner-bank listens and what the breaker is configured to do, from the topology.
    const topology = (await jsonRequest<Topology>('GET', `${platform.controlUrl}/topology`)).body;
    const partnerBankUrl = topology.services.find((s) => s.name === PARTNER_BANK)?.url;
    const policy = topology.services
      .find((s) => s.name === PAYMENTS)
      ?.sidecar?.upstreams.find((u) => u.name === PARTNER_BANK)?.policy;
    if (!partnerBankUrl || !policy) throw new Error('partner-bank is missing from the topology');
    expect(policy.breaker).toMatchObject({ mode: 'consecutive', consecutiveFailures: 3 });
    const { consecutiveFailures, halfOpenAfterMs } = policy.breaker;

    const gw = platform.gatewayUrl;
    const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {});
    const auth = { authorization: `Bearer ${demo.body.token}` };
    const account = await jsonRequest<{ id: string }>(
      'POST',
      `${gw}/v1/accounts`,
      { owner: 'Grace' },
      auth,
    );
    expect(account.status).toBe(201);
    const deposit = await jsonRequest(
      'POST',
      `${gw}/v1/accounts/${account.body.id}/deposits`,
      { amountCents: DEPOSIT_CENTS },
      auth,
    );
    expect(deposit.status).toBe(201);
    const pay = (amountCents: number) =>
      jsonRequest<TransferBody>(
        'POST',
        `${gw}/v1/transfers`,
        { fromAccountId: account.body.id, toExternal: { iban: IBAN, name: 'Ada' }, amountCents },
        auth,
      );

    // 1. partner-bank fails everything; transfers are held until the sidecar refuses to call.
    const failing = await jsonRequest('PUT', `${partnerBankUrl}/admin/behaviour`, {
      failureRate: 1,
    });
    expect(failing.status).toBe(200);
    const transfers: TransferBody[] = [];
    for (let i = 1; !transfers.some(heldByOpenBreaker); i++) {
      if (i > 10) throw new Error('the breaker did not open within 10 transfers');
      const answer = await pay(100 * i);
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ status: 'held' });
      expect(answer.body.reason).toMatch(/^partner_bank_(unavailable|breaker_open)$/);
      transfers.push(answer.body);
    }

    const opened = await eventually(
      () => transitions(receiver).find((t) => t.from === 'closed' && t.to === 'open'),
      15_000,
      'a closed → open state change from payments',
    );
    // Within its window: the first export that reads "open" counts exactly the failures that
    // opened it (no call reaches partner-bank again before the half-open probe).
    const firstOpen = await eventually(
      () => breakerExports(receiver).find((e) => e.state === 'open'),
      15_000,
      'the circuit_breaker.state gauge reading open',
    );
    expect(firstOpen.failures).toBe(consecutiveFailures);
    expect(firstOpen.successes).toBe(0);

    // 2. While it is open, transfers are held (202), not failed.
    const refusedBefore = lastExport(receiver)?.rejected ?? 0;
    for (const amountCents of [1_000, 2_000]) {
      const answer = await pay(amountCents);
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ status: 'held', reason: 'partner_bank_breaker_open' });
      transfers.push(answer.body);
    }
    await eventually(
      () => ((lastExport(receiver)?.rejected ?? 0) >= refusedBefore + 2 ? true : undefined),
      15_000,
      'the open breaker counting its refusals',
    );

    // 3. partner-bank recovers: half-open after the wait, closed after the probe succeeds.
    const healthy = await jsonRequest('PUT', `${partnerBankUrl}/admin/behaviour`, {});
    expect(healthy.status).toBe(200);
    const recovery = await eventually(
      () => {
        const all = transitions(receiver);
        const closedAt = all.findIndex((t) => t.from === 'half_open' && t.to === 'closed');
        if (closedAt < 1) return undefined;
        return { halfOpen: all[closedAt - 1], closed: all[closedAt], all };
      },
      halfOpenAfterMs + 30_000,
      'open → half_open → closed state changes from payments',
    );
    expect(recovery.halfOpen).toMatchObject({ from: 'open', to: 'half_open' });
    // A failed probe (partner-bank not yet restored) reopens it; each half-open follows an open
    // by at least the wait.
    for (const [i, t] of recovery.all.entries()) {
      if (t.to !== 'half_open') continue;
      const before = recovery.all[i - 1];
      expect(before?.to).toBe('open');
      expect(t.atUnixMs - (before?.atUnixMs ?? 0)).toBeGreaterThanOrEqual(halfOpenAfterMs - 50);
    }
    expect(recovery.all[0]).toEqual(opened);
    // payments logs each transition (OTLP logs), in the trace of the call that caused it. The
    // lines carry no event name: the span event alone counts as the transition.
    const lines = await eventually(
      () => {
        const found = receiver
          .logs()
          .filter((l) => l.serviceName === PAYMENTS && l.attributes[breakerAttributes.to]);
        expect(found.filter((l) => l.eventName !== '')).toEqual([]);
        return found.some((l) => l.attributes[breakerAttributes.to] === 'closed')
          ? found
          : undefined;
      },
      15_000,
      "payments' log lines of the breaker's transitions",
    );
    const openedLine = lines.find((l) => l.attributes[breakerAttributes.to] === 'open');
    expect(openedLine).toMatchObject({
      severityText: 'WARN',
      body: expect.stringMatching(/^circuit breaker payments -> partner-bank opened/),
    });
    expect(openedLine?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.spans().some((span) => span.traceId === openedLine?.traceId)).toBe(true);
    await eventually(
      () => {
        const exports = breakerExports(receiver);
        const openIndex = exports.findIndex((e) => e.state === 'open');
        return exports.slice(openIndex).some((e) => e.state === 'closed' && e.successes > 0)
          ? true
          : undefined;
      },
      15_000,
      'the circuit_breaker.state gauge back to closed after a success',
    );

    // Every held transfer completes, none fails.
    const settled = await eventually(
      async () => {
        const now = await Promise.all(
          transfers.map(
            async (t) =>
              (
                await jsonRequest<TransferBody>(
                  'GET',
                  `${gw}/v1/transfers/${t.id}`,
                  undefined,
                  auth,
                )
              ).body,
          ),
        );
        return now.every((t) => t.status === 'completed') ? now : undefined;
      },
      60_000,
      'every held transfer to complete',
    );
    expect(settled).toHaveLength(transfers.length);

    // 4. The money invariant, and one accepted order per transfer at partner-bank.
    const balance = await jsonRequest<{ balanceCents: number }>(
      'GET',
      `${gw}/v1/accounts/${account.body.id}`,
      undefined,
      auth,
    );
    const partner = await platform.database.openSchema(partnerBankSchema);
    const { rows } = await partner.query<{ key: string; amount: number; status: string }>(
      'SELECT idempotency_key AS key, amount_cents AS amount, status FROM external_transfers',
    );
    const accepted = rows.filter((r) => r.status === 'accepted');
    expect(accepted.map((r) => r.key).sort()).toEqual(
      transfers.map((t) => `transfer:${t.id}:external`).sort(),
    );
    const paidOut = accepted.reduce((sum, r) => sum + r.amount, 0);
    expect(paidOut).toBe(transfers.reduce((sum, t) => sum + t.amountCents, 0));
    expect(balance.body.balanceCents + paidOut).toBe(DEPOSIT_CENTS);
  });
});

function heldByOpenBreaker(t: TransferBody): boolean {
  return t.status === 'held' && t.reason === 'partner_bank_breaker_open';
}

interface Transition {
  from: string;
  to: string;
  atUnixMs: number;
}

/** payments' state changes of its partner-bank breaker, in the order they happened. */
function transitions(receiver: OtlpReceiver): Transition[] {
  return decodeSpanEvents(receiver.bodies)
    .filter(
      (e: ReceivedSpanEvent) =>
        e.serviceName === PAYMENTS &&
        e.name === breakerEvents.stateChange &&
        e.attributes[breakerAttributes.name] === PARTNER_BANK,
    )
    .map((e) => ({
      from: String(e.attributes[breakerAttributes.from]),
      to: String(e.attributes[breakerAttributes.to]),
      atUnixMs: e.atUnixMs,
    }))
    .sort((a, b) => a.atUnixMs - b.atUnixMs);
}

interface BreakerExport {
  state: (typeof BREAKER_STATE_GAUGE)[number] | undefined;
  successes: number;
  failures: number;
  rejected: number;
}

/**
 * payments' partner-bank breaker as each metric export showed it. Every export of payments
 * carries the gauge and the counters read at the same moment, so one export is one snapshot.
 */
function breakerExports(receiver: OtlpReceiver): BreakerExport[] {
  const snapshots: BreakerExport[] = [];
  for (const body of receiver.metricBodies) {
    const points = pointsOf(body);
    const state = points.find((p) => p.metric === breakerMetrics.state);
    if (!state) continue;
    const calls = (outcome: string) =>
      points.find(
        (p) =>
          p.metric === breakerMetrics.calls && p.attributes[breakerAttributes.outcome] === outcome,
      )?.value ?? 0;
    snapshots.push({
      state: BREAKER_STATE_GAUGE[state.value],
      successes: calls('success'),
      failures: calls('failure'),
      rejected: calls('rejected'),
    });
  }
  return snapshots;
}

function lastExport(receiver: OtlpReceiver): BreakerExport | undefined {
  return breakerExports(receiver).at(-1);
}

const decodedBodies = new WeakMap<Buffer, ReceivedPoint[]>();

/** payments' points about its partner-bank breaker in one metrics body (decoded once). */
function pointsOf(body: Buffer): ReceivedPoint[] {
  let points = decodedBodies.get(body);
  if (!points) {
    points = decodePoints(body).filter(
      (p) => p.serviceName === PAYMENTS && p.attributes[breakerAttributes.name] === PARTNER_BANK,
    );
    decodedBodies.set(body, points);
  }
  return points;
}
