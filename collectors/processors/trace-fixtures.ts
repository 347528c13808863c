import type { Trace } from '../contracts/traces';
import { fixtureSpan } from './fixture-spans';

/** Three small traces for trace search tests. Test code only. */

/*
 * t1 @0     gateway GET /accounts [0 ──── 40] ok
 *             accounts GET /accounts/:id [5 ── 30]        account.tier=gold
 *
 * t2 @100   gateway POST /transfer [100 ───────── 400] unset
 *             payments POST /pay [110 ───────── 390] ERROR   (resource deployment=blue)
 *               payments db.query [120 ─ 130]
 *           (notifications consume [420 ─ 450] arrives as an orphan: its parent span is missing)
 *
 * t3 @200   gateway GET /health [200 ─ 201] unset
 */
export const t1: Trace = {
  traceId: 't1',
  spans: [
    fixtureSpan({
      traceId: 't1',
      id: 'a',
      service: 'gateway',
      name: 'GET /accounts',
      start: 0,
      end: 40,
      status: 'ok',
    }),
    fixtureSpan({
      traceId: 't1',
      id: 'b',
      parent: 'a',
      service: 'accounts',
      name: 'GET /accounts/:id',
      start: 5,
      end: 30,
      attributes: { 'account.tier': 'gold' },
    }),
  ],
};
const paySpan = fixtureSpan({
  traceId: 't2',
  id: 'd',
  parent: 'c',
  service: 'payments',
  name: 'POST /pay',
  start: 110,
  end: 390,
  status: 'error',
});
export const t2: Trace = {
  traceId: 't2',
  spans: [
    fixtureSpan({
      traceId: 't2',
      id: 'n',
      parent: 'missing',
      service: 'notifications',
      name: 'consume',
      start: 420,
      end: 450,
    }),
    fixtureSpan({
      traceId: 't2',
      id: 'c',
      service: 'gateway',
      name: 'POST /transfer',
      start: 100,
      end: 400,
    }),
    { ...paySpan, resourceAttributes: { ...paySpan.resourceAttributes, deployment: 'blue' } },
    fixtureSpan({
      traceId: 't2',
      id: 'e',
      parent: 'd',
      service: 'payments',
      name: 'db.query',
      start: 120,
      end: 130,
      attributes: { 'db.system': 'postgresql', retries: 2 },
    }),
  ],
};
export const t3: Trace = {
  traceId: 't3',
  spans: [
    fixtureSpan({
      traceId: 't3',
      id: 'f',
      service: 'gateway',
      name: 'GET /health',
      start: 200,
      end: 201,
    }),
  ],
};
export const searchFixtureTraces: Trace[] = [t1, t2, t3];
