import type { Walkthrough } from '../model/types';

export const observability: Walkthrough = {
  slug: 'observability',
  title: 'Observability: one request end to end',
  summary: 'Follow one transfer across its trace, the metrics it moved and the logs around it.',
  minutes: 4,
  steps: [
    {
      id: 'trace',
      title: 'The trace',
      body: [
        'Send a transfer: the walkthrough gives it a W3C traceparent, and every hop passes it on (HTTP headers through the sidecars, event headers through the bus). The collectors join the spans into one trace: gateway, payments, accounts, and notifications reacting to the event later.',
        'Traces answer “where did this request spend its time and where did it fail”; they are sampled and costly to keep, so they complement, not replace, metrics.',
      ],
      watch:
        'Open the trace from the action’s result: the waterfall shows the saga steps and the consumer span.',
      highlight: {
        nodes: ['gateway', 'payments', 'accounts', 'notifications'],
        edges: ['gateway->payments', 'payments->accounts', 'payments->topic:payments.events'],
      },
      actions: [{ id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' }],
      checks: [
        {
          id: 'end-to-end',
          label: 'The trace spans gateway, payments, accounts and notifications',
          expect: {
            type: 'trace-services',
            services: ['gateway', 'payments', 'accounts', 'notifications'],
          },
          timeoutMs: 30_000,
          hint: 'Send the transfer first. The notifications part arrives through the bus a moment later; if it never does, its consumer may be paused.',
        },
      ],
      links: [{ href: '/traces', label: 'Traces' }],
    },
    {
      id: 'metrics',
      title: 'The metrics',
      body: [
        'The same spans feed RED metrics (rate, errors, duration) per service and per edge. Metrics are cheap and complete; they tell you that something is wrong and where, then a trace tells you why.',
      ],
      watch: 'Click payments on the graph: its rate and latency charts.',
      highlight: { nodes: ['payments'], edges: ['gateway->payments'] },
      actions: [],
      checks: [
        {
          id: 'red',
          label: 'payments has RED metrics',
          expect: { type: 'red', service: 'payments', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'RED figures cover a rolling window; send another transfer if the window is empty.',
        },
        {
          id: 'edge',
          label: 'gateway → payments carries requests',
          expect: { type: 'edge-traffic', edge: 'gateway->payments', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'Send a transfer through the gateway.',
        },
      ],
    },
    {
      id: 'logs',
      title: 'The logs',
      body: [
        'Logs carry what spans cannot: decisions and context in words. Each service logs what changes an operator’s picture (a 5xx answer, a breaker that opens, a saga that compensates or completes, a duplicate delivery skipped), and every line carries the trace and span id of the work that wrote it: the trace view shows it on its span, and a log line in a node’s panel links back to its trace.',
        'The control plane records every fault as a log record too, which every chart turns into a shaded window, so a latency spike on a metric lines up with the fault that caused it. Send a transfer and find payments’ line about it; inject a short delay and find its fault.started record, then the slow traces it caused.',
      ],
      watch:
        'payments’ recent logs in its graph panel, each with a link to its trace; the shaded fault window on the charts and on /faults.',
      highlight: { nodes: ['payments', 'accounts'], edges: ['payments->accounts'] },
      actions: [
        { id: 'log-transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
        {
          id: 'latency',
          kind: 'fault',
          label: 'Delay payments → accounts by 200 ms (15 s)',
          fault: {
            kind: 'latency',
            target: 'payments->accounts',
            params: { delayMs: 200 },
            ttlSeconds: 15,
          },
        },
      ],
      checks: [
        {
          id: 'saga-log',
          label: 'payments logged a transfer saga’s end',
          expect: { type: 'logs', service: 'payments', eventName: 'saga.completed', min: 1 },
          timeoutMs: 30_000,
          hint: 'Send the transfer; payments logs the saga’s end once its last step ran, with its next log export.',
        },
        {
          id: 'fault-log',
          label: 'The control plane logged fault.started',
          expect: { type: 'logs', service: 'control-plane', eventName: 'fault.started', min: 1 },
          timeoutMs: 30_000,
          hint: 'Inject the delay; the record reaches the collectors with the control plane’s next log export.',
        },
      ],
      links: [{ href: '/faults', label: 'Faults' }],
    },
  ],
};
