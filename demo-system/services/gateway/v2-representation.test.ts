import { describe, expect, it } from 'vitest';
import { HttpError } from '../../platform/http-errors';
import {
  amountToCents,
  centsToAmount,
  depositFromV2,
  toV2Envelope,
  toV2Fields,
  transferFromV2,
} from './v2-representation';

describe('money conversions', () => {
  it('renders cents as decimal strings', () => {
    expect(centsToAmount(0)).toBe('0.00');
    expect(centsToAmount(5)).toBe('0.05');
    expect(centsToAmount(123_456)).toBe('1234.56');
    expect(centsToAmount(-1_050)).toBe('-10.50');
  });

  it('parses positive amounts with at most two decimals', () => {
    expect(amountToCents('12.34')).toBe(1_234);
    expect(amountToCents('12.3')).toBe(1_230);
    expect(amountToCents('12')).toBe(1_200);
    expect(amountToCents('0.01')).toBe(1);
    for (const bad of ['0', '0.00', '1.234', '-1', '+1', '1e3', ' 1', '1.', '.5', '']) {
      expect(amountToCents(bad), bad).toBeUndefined();
    }
  });
});

describe('toV2Fields', () => {
  it('turns *Cents fields into money objects in the nearest currency and renames accounts', () => {
    expect(
      toV2Fields({
        currency: 'USD',
        balanceCents: 150,
        nested: [{ valueCents: 7 }, { currency: 'GBP', valueCents: 8 }],
        fromAccountId: 'a',
        toAccountId: 'b',
        count: 3,
      }),
    ).toEqual({
      currency: 'USD',
      balance: { amount: '1.50', currency: 'USD' },
      nested: [
        { value: { amount: '0.07', currency: 'USD' } },
        { currency: 'GBP', value: { amount: '0.08', currency: 'GBP' } },
      ],
      from: 'a',
      to: 'b',
      count: 3,
    });
    expect(toV2Fields({ amountCents: 100 })).toEqual({
      amount: { amount: '1.00', currency: 'EUR' },
    });
  });

  it('passes errors through and wraps everything else in an envelope', () => {
    const error = { error: 'account_not_found', accountId: 'x' };
    expect(toV2Envelope(error, () => ({ self: '/x' }))).toBe(error);
    expect(toV2Envelope({ id: 'x', amountCents: 1 }, () => ({ self: '/x' }))).toEqual({
      data: { id: 'x', amount: { amount: '0.01', currency: 'EUR' } },
      links: { self: '/x' },
    });
  });
});

describe('/v2 request bodies', () => {
  it('translates deposits and transfers to the services’ cents bodies', () => {
    expect(depositFromV2({ amount: '10.00', reference: 'r-1' })).toEqual({
      amountCents: 1_000,
      reference: 'r-1',
    });
    expect(transferFromV2({ from: 'a', to: 'b', amount: '0.5' })).toEqual({
      fromAccountId: 'a',
      toAccountId: 'b',
      amountCents: 50,
    });
  });

  it('refuses a missing or malformed amount with a 400 naming it', () => {
    expect(() => depositFromV2({ amountCents: 100 })).toThrow(HttpError);
    try {
      transferFromV2({ from: 'a', to: 'b', amount: '1.001' });
      expect.unreachable();
    } catch (error) {
      expect((error as HttpError).statusCode).toBe(400);
      expect((error as HttpError).details.message).toContain('amount');
    }
  });
});
