import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { checkDocument, maskDocument } from './checks';
import { startKycService } from './server';

describe('checkDocument', () => {
  it('decides by the document number, the same way every time', () => {
    expect(checkDocument('AB 123-4567')).toEqual({ status: 'approved' });
    expect(checkDocument('AB1234560')).toEqual({ status: 'rejected', reason: 'document_expired' });
    expect(checkDocument('x1234569')).toEqual({ status: 'pending', reason: 'manual_review' });
    expect(checkDocument('12345')).toEqual({ status: 'rejected', reason: 'document_invalid' });
    expect(maskDocument('AB 123 4567')).toBe('***567');
  });
});

describe('kyc over HTTP', () => {
  let data: TestDatabase;
  let kyc: RunningService;
  const submit = (customer: string, document: string, caller?: string) =>
    jsonRequest(
      'POST',
      `${kyc.url}/customers/${customer}/kyc`,
      { name: 'Ada Lovelace', document },
      caller ? { 'x-customer-id': caller } : {},
    );
  const status = (customer: string) => jsonRequest('GET', `${kyc.url}/customers/${customer}/kyc`);

  beforeAll(async () => {
    data = await openTestPglite();
    kyc = await startKycService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: 'http://127.0.0.1:1',
      database: data.database,
    });
  });
  afterAll(async () => {
    await kyc?.close();
    await data?.cleanup();
  });

  it('has no status before a submission', async () => {
    expect((await status('c-none')).status).toBe(404);
  });

  it('approves a good document and keeps only its masked form', async () => {
    const res = await submit('c-ok', 'AB1234567', 'c-ok');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customerId: 'c-ok', status: 'approved', document: '***567' });
    expect(JSON.stringify(res.body)).not.toContain('1234567');
    expect((await status('c-ok')).body).toMatchObject({ status: 'approved' });
    // Approved stays approved: a new (even bad) document changes nothing.
    const again = await submit('c-ok', 'AB1234560');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, status: 'approved' });
  });

  it('rejects, then approves a resubmission; the latest check is the status', async () => {
    expect((await submit('c-re', 'AB1234560')).body).toMatchObject({
      status: 'rejected',
      reason: 'document_expired',
    });
    expect((await status('c-re')).body).toMatchObject({ status: 'rejected' });
    await submit('c-re', 'AB1234561');
    expect((await status('c-re')).body).toMatchObject({ status: 'approved' });
  });

  it('leaves a document for manual review pending', async () => {
    expect((await submit('c-wait', 'P1234569')).body).toMatchObject({
      status: 'pending',
      reason: 'manual_review',
    });
  });

  it("refuses another customer's check and bad input", async () => {
    expect((await submit('c-victim', 'AB1234567', 'c-intruder')).status).toBe(403);
    expect((await status('c-victim')).status).toBe(404);
    const bad = await jsonRequest('POST', `${kyc.url}/customers/c-x/kyc`, { name: 'A' });
    expect(bad.status).toBe(400);
  });
});
