import { describe, expect, it } from 'vitest';
import { TOPICS } from './catalog';
import { createEvent, EventValidationError, parseEvent, topicOfEvent } from './envelope';

const meta = { aggregateId: 'loan_1', correlationId: 'loan_1', source: 'lending' };
const approved = {
  loanId: 'loan_1',
  customerId: 'cust_1',
  accountId: 'acc_1',
  amountCents: 500_00,
  currency: 'EUR',
};

describe('event envelope', () => {
  it('creates an envelope of the catalog version and parses it back unchanged', () => {
    const event = createEvent('loan.approved', approved, {
      ...meta,
      id: 'evt_1',
      time: new Date('2026-11-25T10:00:00Z'),
    });
    expect(event).toEqual({
      id: 'evt_1',
      type: 'loan.approved',
      version: 1,
      aggregateId: 'loan_1',
      time: '2026-11-25T10:00:00.000Z',
      correlationId: 'loan_1',
      causationId: null,
      source: 'lending',
      data: approved,
    });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
    expect(topicOfEvent('loan.approved')).toBe(TOPICS.lending);
  });

  it('refuses data that does not match the schema when producing', () => {
    expect(() => createEvent('loan.approved', { ...approved, amountCents: -1 }, meta)).toThrowError(
      EventValidationError,
    );
    expect(() =>
      createEvent('loan.approved', { ...approved, currency: 'euro' }, meta),
    ).toThrowError(/loan\.approved v1/);
  });

  it('refuses, when consuming, what is not JSON, a bad envelope, an unknown type or version, bad data', () => {
    const good = createEvent('loan.approved', approved, meta);
    const cases: [string, RegExp][] = [
      ['{not json', /not JSON/],
      [JSON.stringify({ ...good, id: '' }), /bad envelope/],
      [JSON.stringify({ ...good, time: 'yesterday' }), /bad envelope/],
      [JSON.stringify({ ...good, type: 'loan.teleported' }), /unknown event type loan\.teleported/],
      [JSON.stringify({ ...good, version: 2 }), /version 2 is not known/],
      [JSON.stringify({ ...good, data: { ...approved, loanId: undefined } }), /loan\.approved v1/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseEvent(value), value).toThrowError(message);
      expect(() => parseEvent(value)).toThrowError(EventValidationError);
    }
  });
});
