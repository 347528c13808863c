import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceClient } from './http-client';
import { httpLedgerPort } from './ledger-client';

/** The ledger calls carry their reference as Idempotency-Key, so the sidecar may retry them. */
describe('httpLedgerPort', () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ currency: 'EUR', balanceCents: 1 }));
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the reference as the Idempotency-Key of debits and credits', async () => {
    const client = createServiceClient({
      tracer: trace.getTracer('test'),
      peerService: 'accounts',
      baseUrl: url,
    });
    const ledger = httpLedgerPort(client);
    await ledger.debit({ accountId: 'a', amountCents: 5, reference: 'transfer:t:debit' });
    await ledger.credit({ accountId: 'b', amountCents: 5, reference: 'transfer:t:credit' });
    await client.close();
    expect(seen.map((h) => h['idempotency-key'])).toEqual([
      'transfer:t:debit',
      'transfer:t:credit',
    ]);
  });
});
