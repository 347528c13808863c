import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyAttributes, resilienceAttributes } from '../collectors/contracts/conventions';
import { type Platform, startPlatform } from './main';
import { accountsSchema } from './services/accounts/migrations';
import { databaseTargets, type TestDatabase, tempDataDir } from './testing/database';
import { eventually, type JsonResponse, jsonRequest } from './testing/http';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './testing/otlp-receiver';

/**
 * Retries never duplicate a non-idempotent effect, on the running platform. accounts' sidecar
 * aborts a quarter of the POSTs it receives with 503 (an inbound fault rule set through the
 * control plane) while, concurrently:
 *
 * - internal transfers run: payments sends each ledger call with its reference as
 *   Idempotency-Key, so payments' sidecar (and payments itself) retry them;
 * - deposits WITHOUT a reference arrive through the gateway: a plain POST, which no sidecar
 *   may retry, so each reaches accounts' sidecar exactly once and a 503 reaches the client;
 * - deposits WITH a reference arrive through the gateway, retried by the client until they
 *   answer, and then sent once more (a client that never saw the answer): replayed, not
 *   applied again.
 *
 * Then: every reference was applied by accounts exactly once (one non-replayed
 * `ledger.post_entry` span per reference), and each balance is what the successful operations
 * add up to.
 *
 * Why 25 % and not 50 %: the callers' breakers for accounts open when more than half of the
 * calls in their window fail (the default rolling-window policy), and at 50 % they do within a
 * second, after which every call is refused at the caller and nothing is retried at all. At
 * 25 % they may still open now and then; the assertions allow for it.
 */
const START_CENTS = 50_000;
const TRANSFERS = 16;
const PLAIN_DEPOSITS = 16;
const KEYED_DEPOSITS = 10;
const ABORT_RULE = {
  id: 'abort-a-quarter-of-posts',
  kind: 'abort',
  status: 503,
  percentage: 25,
  match: { method: 'POST', pathPrefix: '/accounts/' },
};

interface Account {
  id: string;
  balanceCents: number;
}

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`retries under injected 503s (${target.label})`, () => {
    let receiver: OtlpReceiver;
    let platform: Platform;
    let data: TestDatabase;
    let dataDir: Awaited<ReturnType<typeof tempDataDir>>;

    beforeAll(async () => {
      receiver = await startOtlpReceiver();
      data = await target.open();
      dataDir = await tempDataDir();
      platform = await startPlatform(
        {
          host: '127.0.0.1',
          gatewayPort: 0,
          controlPort: 0,
          otlpEndpoint: receiver.url,
          trafficRate: 0,
          trafficSeed: 1,
          dataDir: dataDir.dir,
        },
        { log: () => undefined, database: data.database, metricIntervalMs: 200 },
      );
    });
    afterAll(async () => {
      await platform?.close();
      await data?.cleanup();
      await dataDir?.remove();
      await receiver?.close();
    });

    it('applies every ledger reference once and never retries a plain POST', async () => {
      const gw = platform.gatewayUrl;
      const customer = async () => {
        const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {});
        return { authorization: `Bearer ${demo.body.token}` };
      };
      const [payer, saver, keyedSaver] = [await customer(), await customer(), await customer()];
      const open = async (auth: Record<string, string>, owner: string, deposit: number) => {
        const account = await jsonRequest<Account>('POST', `${gw}/v1/accounts`, { owner }, auth);
        expect(account.status).toBe(201);
        if (deposit > 0) {
          const url = `${gw}/v1/accounts/${account.body.id}/deposits`;
          expect((await jsonRequest('POST', url, { amountCents: deposit }, auth)).status).toBe(201);
        }
        return account.body.id;
      };
      const a = await open(payer, 'Ada', START_CENTS);
      const b = await open(payer, 'Alan', START_CENTS);
      const plain = await open(saver, 'Barbara', 0);
      const keyed = await open(keyedSaver, 'Edsger', 0);

      const faults = await jsonRequest('PUT', `${platform.controlUrl}/mesh/accounts/faults`, {
        rules: [ABORT_RULE],
      });
      expect(faults.status).toBe(200);

      const transfer = (i: number) => {
        const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
        const amountCents = 1_000 + 10 * i;
        return jsonRequest<{ id?: string; status?: string; reason?: string }>(
          'POST',
          `${gw}/v1/transfers`,
          { fromAccountId: from, toAccountId: to, amountCents },
          payer,
        ).then((answer) => ({ from, to, amountCents, answer }));
      };
      const plainDeposit = (i: number) => {
        const amountCents = 100 + i;
        return jsonRequest<{ error?: string; reason?: string }>(
          'POST',
          `${gw}/v1/accounts/${plain}/deposits`,
          { amountCents },
          saver,
        ).then((answer) => ({ amountCents, answer }));
      };
      /** A client that retries (same reference) until it gets an answer, polling. */
      const untilAnswered = (url: string, body: unknown) =>
        eventually(
          async () => {
            const answer = await jsonRequest('POST', url, body, keyedSaver);
            return answer.status === 503 ? undefined : answer;
          },
          30_000,
          `an answer to POST ${url}`,
        );
      const keyedDeposit = async (i: number) => {
        const body = { amountCents: 500 + i, reference: `keyed-deposit-${keyed}-${i}` };
        const url = `${gw}/v1/accounts/${keyed}/deposits`;
        const first = await untilAnswered(url, body);
        const repeat = await untilAnswered(url, body); // it never saw the first answer
        return { ...body, first, repeat };
      };

      const [transfers, plainDeposits, keyedDeposits] = await Promise.all([
        inBatches(TRANSFERS, 4, transfer),
        inBatches(PLAIN_DEPOSITS, 4, plainDeposit),
        inBatches(KEYED_DEPOSITS, 2, keyedDeposit),
      ]);
      const cleared = await jsonRequest('DELETE', `${platform.controlUrl}/mesh/accounts/faults`);
      expect(cleared.status).toBeLessThan(300);

      // Plain deposits: each that reached accounts' sidecar did so exactly once (no retry),
      // whether the fault refused it (503 fault_injected) or accounts applied it (201). The
      // gateway's own breaker may refuse some before they leave (503 mesh_rejected).
      const reached = plainDeposits.filter(
        ({ answer }) => answer.status === 201 || answer.body.error === 'fault_injected',
      );
      for (const { answer } of plainDeposits) {
        if (!reached.some((d) => d.answer === answer)) {
          expect(answer).toMatchObject({ status: 503, body: { reason: 'breaker-open' } });
        }
      }
      const plainPath = `/accounts/${plain}/deposits`;
      const plainIngress = await eventually(
        () => {
          const found = ingressSpans(receiver, plainPath);
          return found.length >= reached.length ? found : undefined;
        },
        15_000,
        'accounts ingress spans of the plain deposits',
      );
      expect(plainIngress).toHaveLength(reached.length);
      const applied = plainDeposits.filter(({ answer }) => answer.status === 201);
      const plainExpected = sum(applied.map((d) => d.amountCents));
      expect(await balanceOf(gw, plain, saver, plainExpected)).toBe(plainExpected);

      // Keyed deposits: the repeat is a replay; each counts once.
      for (const d of keyedDeposits) {
        expect(d.first.status).toBe(201);
        expect(d.repeat.status).toBe(201);
        expect(d.repeat.headers.get('idempotent-replayed')).toBe('true');
        expect(d.repeat.body).toEqual(d.first.body);
      }
      const keyedExpected = sum(keyedDeposits.map((d) => d.amountCents));
      expect(await balanceOf(gw, keyed, keyedSaver, keyedExpected)).toBe(keyedExpected);

      // Transfers: completed, failed (outcome unknown after every retry, or payments' breaker
      // for accounts open), or refused by the gateway's breaker for payments before payments
      // saw them. The fault fired and payments' sidecar retried aborted ledger calls.
      // A saga still running when the POST gave up waiting (202) is followed to its end.
      for (const t of transfers) {
        if (t.answer.status !== 202 || !t.answer.body.id) continue;
        const url = `${gw}/v1/transfers/${t.answer.body.id}`;
        const end = await eventually(
          async () => {
            const got = await jsonRequest<{ status?: string }>('GET', url, undefined, payer);
            return got.body.status === 'pending' || got.body.status === 'held' ? undefined : got;
          },
          60_000,
          `the end of transfer ${t.answer.body.id}`,
        );
        t.answer.body.status = end.body.status;
      }
      for (const { answer } of transfers) {
        const status = answer.body.status;
        if (answer.status === 201) expect(status).toBe('completed');
        else if (answer.status === 502) expect(status).toBe('failed');
        else if (answer.status === 202)
          expect(['completed', 'rejected', 'failed']).toContain(status);
        // A debit whose outcome stayed unknown until its deadline was released: no money moved.
        else if (answer.status === 422) expect(answer.body).toMatchObject({ status: 'rejected' });
        else expect(answer).toMatchObject({ status: 503, body: { reason: 'breaker-open' } });
      }
      expect(transfers.some(({ answer }) => answer.status === 201)).toBe(true);
      await eventually(
        () => {
          const aborted = receiver
            .spans()
            .filter(
              (s) =>
                s.serviceName === 'accounts' &&
                s.name === 'mesh.ingress' &&
                /^\/accounts\/[^/]+\/(debits|credits)$/.test(String(s.attributes['url.path'])) &&
                s.attributes['http.response.status_code'] === 503,
            );
          const retries = receiver
            .points()
            .filter(
              (p) =>
                p.serviceName === 'payments' &&
                p.metric === 'resilience.retries' &&
                p.attributes[resilienceAttributes.target] === 'accounts',
            )
            .at(-1);
          return aborted.length > 0 && (retries?.value ?? 0) > 0 ? true : undefined;
        },
        15_000,
        "payments' sidecar retrying ledger calls that accounts' sidecar aborted",
      );

      // ...and the ledger applied each reference once: what the books say is what happened.
      const accountsDb = await platform.database.openSchema(accountsSchema);
      const { rows } = await accountsDb.query<{
        reference: string;
        account: string;
        kind: string;
        amount: number;
        status: string;
      }>(
        `SELECT reference, account_id AS account, kind, amount_cents AS amount, status
           FROM ledger_entries WHERE account_id IN ($1, $2, $3, $4)`,
        [a, b, plain, keyed],
      );
      const entry = (reference: string) => rows.find((r) => r.reference === reference);
      const expected = new Map([
        [a, START_CENTS],
        [b, START_CENTS],
      ]);
      const add = (account: string, cents: number) =>
        expected.set(account, (expected.get(account) ?? 0) + cents);
      for (const { from, to, amountCents, answer } of transfers) {
        if (!answer.body.id) continue; // refused by the gateway's sidecar: never in payments
        const debit = entry(`transfer:${answer.body.id}:debit`);
        const credit = entry(`transfer:${answer.body.id}:credit`);
        if (answer.status === 201) {
          expect(debit).toMatchObject({ account: from, kind: 'debit', status: 'applied' });
          expect(credit).toMatchObject({ account: to, kind: 'credit', status: 'applied' });
        }
        // Any other transfer counts what the books hold, compensations (release, refund) included.
        if (debit?.status === 'applied') add(from, -amountCents);
        if (credit?.status === 'applied') add(to, amountCents);
        for (const back of ['release', 'refund']) {
          if (entry(`transfer:${answer.body.id}:${back}`)?.status === 'applied')
            add(from, amountCents);
        }
      }
      expect(await balanceOf(gw, a, payer, expected.get(a))).toBe(expected.get(a));
      expect(await balanceOf(gw, b, payer, expected.get(b))).toBe(expected.get(b));

      // One application per reference, as accounts itself reported it (replays say so).
      const references = rows.filter((r) => r.status === 'applied').map((r) => r.reference);
      expect(references.length).toBeGreaterThanOrEqual(
        applied.length + KEYED_DEPOSITS + transfers.filter((t) => t.answer.status === 201).length,
      );
      // Spans reach the receiver in export batches, so wait for each reference's application
      // and for each keyed deposit's replay (the repeat) to have arrived.
      const keyedReferences = keyedDeposits.map((d) => d.reference);
      const postings = await eventually(
        () => {
          const spans = receiver
            .spans()
            .filter((s) => s.serviceName === 'accounts' && s.name === 'ledger.post_entry');
          const keys = new Set(spans.map((s) => s.attributes[idempotencyAttributes.key]));
          const replayed = new Set(
            spans
              .filter((s) => s.attributes[idempotencyAttributes.duplicate] === true)
              .map((s) => s.attributes[idempotencyAttributes.key]),
          );
          return references.every((r) => keys.has(r)) &&
            keyedReferences.every((r) => replayed.has(r))
            ? spans
            : undefined;
        },
        15_000,
        'ledger.post_entry spans for every reference and every keyed replay',
      );
      for (const reference of references) {
        const mine = postings.filter((s) => s.attributes[idempotencyAttributes.key] === reference);
        const fresh = mine.filter((s) => s.attributes[idempotencyAttributes.duplicate] === false);
        expect(fresh, `fresh applications of ${reference}`).toHaveLength(1);
      }
      for (const reference of keyedReferences) {
        const replays = postings.filter(
          (s) =>
            s.attributes[idempotencyAttributes.key] === reference &&
            s.attributes[idempotencyAttributes.duplicate] === true,
        );
        expect(replays.length, `replays of ${reference}`).toBeGreaterThanOrEqual(1);
      }
    });
  });
}

/** Runs `count` calls, `concurrency` at a time, and keeps their results in order. */
async function inBatches<T>(
  count: number,
  concurrency: number,
  run: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, k) =>
      run(start + k),
    );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

function ingressSpans(receiver: OtlpReceiver, path: string): ReceivedSpan[] {
  return receiver
    .spans()
    .filter(
      (s) =>
        s.serviceName === 'accounts' &&
        s.name === 'mesh.ingress' &&
        s.attributes['http.request.method'] === 'POST' &&
        s.attributes['url.path'] === path,
    );
}

/**
 * The balance read through the gateway (accounts' balances read model). Reads may lag the
 * ledger (CQRS): with `expected`, it reads again for up to 10 s until the read model shows it,
 * then answers what it last read.
 */
async function balanceOf(
  gw: string,
  id: string,
  auth: Record<string, string>,
  expected?: number,
): Promise<number> {
  const read = async () => {
    const answer: JsonResponse<Account> = await jsonRequest<Account>(
      'GET',
      `${gw}/v1/accounts/${id}`,
      undefined,
      auth,
    );
    expect(answer.status).toBe(200);
    return answer.body.balanceCents;
  };
  const deadline = Date.now() + 10_000;
  let last = await read();
  while (expected !== undefined && last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
