import { expect } from 'vitest';
import { eventually, jsonRequest } from './http';

/**
 * The crash tests' shared scenario (crash-recovery*.test.ts): a payer with a deposit, and
 * transfers whose sagas hang mid-way: partner-bank answers after a minute (the external
 * ones), accounts' sidecar holds payments' ledger calls on the payee for a minute (the
 * internal ones' credits). Nothing is awaited: the caller crashes what runs them.
 */

export const DEPOSIT_CENTS = 20_000;
const INTERNAL = 3;
const EXTERNAL = 3;
const HANG_MS = 60_000;

export interface InvariantAnswer {
  ok: boolean;
  violations: { rule: string; detail: string }[];
  skipped: string[];
  figures: {
    totalBalanceCents: number;
    externalPaidCents: number;
    inFlightCents: number;
    nonTerminalSagas: number;
    consistentCut: boolean;
    sagas: Record<string, number>;
  };
}

export interface HungSagas {
  auth: Record<string, string>;
  payer: string;
  payee: string;
  transfers: number;
  /** The transfer requests (they settle when the process under them dies). */
  pending: Promise<unknown>;
  /** The invariant's figures just before the crash. */
  atCrash: InvariantAnswer['figures'];
}

export async function startHungSagas(urls: {
  gatewayUrl: string;
  controlUrl: string;
  partnerBankUrl: string;
}): Promise<HungSagas> {
  const gw = urls.gatewayUrl;
  const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {});
  expect(demo.status).toBe(201);
  const auth = { authorization: `Bearer ${demo.body.token}` };
  const open = async (owner: string) => {
    const opened = await jsonRequest<{ id: string }>('POST', `${gw}/v1/accounts`, { owner }, auth);
    expect(opened.status).toBe(201);
    return opened.body.id;
  };
  const payer = await open('Grace');
  const payee = await open('Linus');
  const deposit = { amountCents: DEPOSIT_CENTS };
  const deposited = await jsonRequest('POST', `${gw}/v1/accounts/${payer}/deposits`, deposit, auth);
  expect(deposited.status).toBe(201);

  const slow = await jsonRequest('PUT', `${urls.partnerBankUrl}/admin/behaviour`, {
    latencyMs: HANG_MS,
  });
  expect(slow.status).toBe(200);
  const stall = await jsonRequest('PUT', `${urls.controlUrl}/mesh/accounts/faults`, {
    rules: [
      {
        id: 'stall-payee-entries',
        kind: 'delay',
        delayMs: HANG_MS,
        match: { method: 'POST', peer: 'payments', pathPrefix: `/accounts/${payee}` },
      },
    ],
  });
  expect(stall.status).toBe(200);

  const bodies = [
    ...Array.from({ length: INTERNAL }, (_, i) => ({
      fromAccountId: payer,
      toAccountId: payee,
      amountCents: 1_000 + i,
    })),
    ...Array.from({ length: EXTERNAL }, (_, i) => ({
      fromAccountId: payer,
      toExternal: { iban: 'DE89370400440532013000', name: `Payee ${i}` },
      amountCents: 2_000 + i,
    })),
  ];
  const pending = Promise.all(
    bodies.map((body) =>
      jsonRequest('POST', `${gw}/v1/transfers`, body, auth).catch(() => undefined),
    ),
  );
  await eventually(
    async () => {
      const answer = await invariant(urls.controlUrl);
      return answer.status === 200 && answer.body.figures.nonTerminalSagas === bodies.length
        ? true
        : undefined;
    },
    30_000,
    'every saga started and none finished',
  );
  // The steps before the hung ones (the debits) land: money is in flight when the crash comes.
  const atCrash = await eventually(
    async () => {
      const answer = await invariant(urls.controlUrl);
      const f = answer.body.figures;
      return answer.status === 200 && f.consistentCut && f.inFlightCents >= 3_003 ? f : undefined;
    },
    30_000,
    'the debits of the hung sagas',
  );
  expect(atCrash.nonTerminalSagas).toBe(bodies.length);
  return { auth, payer, payee, transfers: bodies.length, pending, atCrash };
}

/** Partner-bank healthy again, accounts' sidecar without fault rules. */
export async function heal(urls: { controlUrl: string; partnerBankUrl: string }): Promise<void> {
  const healthy = await jsonRequest('PUT', `${urls.partnerBankUrl}/admin/behaviour`, {});
  expect(healthy.status).toBe(200);
  const cleared = await jsonRequest('DELETE', `${urls.controlUrl}/mesh/accounts/faults`);
  expect(cleared.status).toBeLessThan(300);
}

export function invariant(controlUrl: string, query = '') {
  return jsonRequest<InvariantAnswer>('GET', `${controlUrl}/invariant${query}`);
}

/**
 * After the crash: every saga finishes (within `timeoutMs`), GET /invariant is ok on a
 * consistent cut, and the balances read through the gateway are what came in minus what was
 * paid out.
 */
export async function expectRecovered(
  urls: { gatewayUrl: string; controlUrl: string },
  hung: HungSagas,
  timeoutMs = 120_000,
): Promise<InvariantAnswer> {
  const settled = await eventually(
    async () => {
      const answer = await invariant(urls.controlUrl, '?stuckAfterMs=600000');
      const f = answer.body.figures;
      return answer.status === 200 && f.nonTerminalSagas === 0 && f.consistentCut
        ? answer.body
        : undefined;
    },
    timeoutMs,
    'every saga finished after the restart',
  );
  expect(settled.violations).toEqual([]);
  expect(settled.ok).toBe(true);
  const sagas = Object.values(settled.figures.sagas).reduce((sum, n) => sum + n, 0);
  expect(sagas).toBe(hung.transfers);
  const balance = async (id: string) => {
    const url = `${urls.gatewayUrl}/v1/accounts/${id}`;
    return (await jsonRequest<{ balanceCents: number }>('GET', url, undefined, hung.auth)).body
      .balanceCents;
  };
  const total = (await balance(hung.payer)) + (await balance(hung.payee));
  expect(total).toBe(DEPOSIT_CENTS - settled.figures.externalPaidCents);
  expect(settled.figures.totalBalanceCents).toBe(total);
  // With the default bound nothing is reported stuck either.
  const final = await invariant(urls.controlUrl);
  expect(final.status).toBe(200);
  expect(final.body.violations).toEqual([]);
  return settled;
}
