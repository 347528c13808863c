import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { postTraces, spanPairBody } from './otlp-pairs';
import { startUiStack } from './ui-stack';

/**
 * The dashboard's figures, in Chromium against the production build:
 * - freshness: from a span pair's arrival at the OTLP receiver until the graph shows the new
 *   service (its node laid out and visible), p50/p95 over distinct service names;
 * - graph load: the overview graph with 50 synthetic services and 10 updates a second
 *   (/dev/graph-load), frame intervals and long tasks while it runs, traffic dots on.
 */
export interface Quantiles {
  p50: number;
  p95: number;
  max: number;
}

export interface UiBenchFigures {
  freshness: { samples: number; ms: Quantiles; missed: number; streamIntervalMs: number };
  graphLoad: GraphLoadFigures;
  graphLoadStill: GraphLoadFigures;
  loadAverage: number;
  cpus: number;
}

export interface GraphLoadFigures {
  services: number;
  updatesPerSecond: number;
  seconds: number;
  updatesApplied: number;
  frameMs: Quantiles;
  framesPerSecond: number;
  longTasks: number;
  longTaskMs: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const FRESHNESS_SAMPLES = 30;
const LOAD_SECONDS = 10;

declare global {
  interface Window {
    __seenAt?: Record<string, number>;
  }
}

/** Records, per service node, the first animation frame in which it is laid out and visible. */
async function watchNewNodes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    window.__seenAt = seen;
    const check = () => {
      for (const element of document.querySelectorAll<HTMLElement>(
        '[data-testid^="service-node-"]',
      )) {
        const id = element.dataset.testid!.slice('service-node-'.length);
        if (id in seen) continue;
        const wrapper = element.closest<HTMLElement>('.react-flow__node');
        if (wrapper && wrapper.style.visibility !== 'hidden') seen[id] = Date.now();
      }
    };
    new MutationObserver(() => requestAnimationFrame(check)).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['style'],
    });
  });
}

async function measureFreshness(
  page: Page,
  uiUrl: string,
  otlpUrl: string,
  log: (line: string) => void,
) {
  await page.goto(`${uiUrl}/`);
  // A first edge makes the graph appear; the samples then add one service each.
  await postTraces(otlpUrl, spanPairBody({ caller: 'bench-client', callee: 'bench-first' }));
  await page.getByTestId('service-node-bench-first').waitFor({ timeout: 30_000 });
  await watchNewNodes(page);
  const latencies: number[] = [];
  let missed = 0;
  const run = Date.now().toString(36);
  for (let i = 0; i < FRESHNESS_SAMPLES; i++) {
    const name = `fresh-${run}-${i}`;
    // Off the stream's tick: samples land anywhere in the interval.
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
    const sentAt = Date.now();
    await postTraces(otlpUrl, spanPairBody({ caller: 'bench-client', callee: name }));
    const deadline = Date.now() + 10_000;
    let seenAt: number | undefined;
    while (seenAt === undefined && Date.now() < deadline) {
      seenAt = await page.evaluate((id) => window.__seenAt?.[id], name);
      if (seenAt === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (seenAt === undefined) missed += 1;
    else latencies.push(seenAt - sentAt);
  }
  log(`freshness: ${latencies.length} samples, ${missed} missed`);
  return { samples: latencies.length, ms: quantiles(latencies), missed, streamIntervalMs: 500 };
}

async function measureGraphLoad(page: Page, uiUrl: string, traffic: boolean) {
  const services = 50;
  const hz = 10;
  await page.goto(`${uiUrl}/dev/graph-load?services=${services}&hz=${hz}`);
  await page.getByTestId('service-node-svc-49').waitFor({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: /Traffic animation/ }).setChecked(traffic);
  await page.waitForTimeout(2000);
  return page.evaluate(
    async ({ seconds, services, hz }) => {
      const updates = () =>
        Number(document.querySelector('[data-testid="synthetic-updates"]')?.textContent ?? 0);
      let longTasks = 0;
      let longTaskMs = 0;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          longTasks += 1;
          longTaskMs += entry.duration;
        }
      });
      observer.observe({ type: 'longtask', buffered: false });
      const frames: number[] = [];
      const startUpdates = updates();
      const start = performance.now();
      await new Promise<void>((resolve) => {
        let last = start;
        const frame = (now: number) => {
          frames.push(now - last);
          last = now;
          if (now - start < seconds * 1000) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      observer.disconnect();
      const elapsed = (performance.now() - start) / 1000;
      const sorted = [...frames].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
      return {
        services,
        updatesPerSecond: hz,
        seconds: elapsed,
        updatesApplied: updates() - startUpdates,
        frameMs: { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 },
        framesPerSecond: frames.length / elapsed,
        longTasks,
        longTaskMs,
      };
    },
    { seconds: LOAD_SECONDS, services, hz },
  );
}

export async function measureUi(log: (line: string) => void): Promise<UiBenchFigures> {
  const stack = await startUiStack({ log });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(): the page needs it too.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    const freshness = await measureFreshness(page, stack.uiUrl, stack.otlpUrl, log);
    log('graph load: 50 services, 10 updates/s, traffic dots on');
    const graphLoad = await measureGraphLoad(page, stack.uiUrl, true);
    log('graph load: the same, traffic dots off');
    const graphLoadStill = await measureGraphLoad(page, stack.uiUrl, false);
    return {
      freshness,
      graphLoad,
      graphLoadStill,
      loadAverage: loadavg()[0]!,
      cpus: cpus().length,
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');

function loadLines(g: GraphLoadFigures, what: string): string[] {
  return [
    `  graph load, ${g.services} services × ${g.updatesPerSecond} updates/s for ${g.seconds.toFixed(1)} s (${what}):`,
    `    updates applied ${g.updatesApplied}, ${g.framesPerSecond.toFixed(1)} frames/s, frame p50 ${ms(g.frameMs.p50)} p95 ${ms(g.frameMs.p95)} max ${ms(g.frameMs.max)}`,
    `    long tasks (>50 ms): ${g.longTasks}, ${ms(g.longTaskMs)} in total`,
  ];
}

export function formatUiReport(figures: UiBenchFigures): string {
  const { freshness: f } = figures;
  return [
    'Dashboard (Chromium, production build)',
    `  freshness, span at the receiver → node on the graph (${f.samples} samples${f.missed ? `, ${f.missed} missed` : ''}; stream tick ${f.streamIntervalMs} ms):`,
    `    p50 ${ms(f.ms.p50)}   p95 ${ms(f.ms.p95)}   max ${ms(f.ms.max)}   (aim: below 1 s; Kiali 10 s, Tempo 15 s)`,
    ...loadLines(figures.graphLoad, 'traffic dots on'),
    ...loadLines(figures.graphLoadStill, 'traffic dots off'),
    `  machine load average while measuring: ${figures.loadAverage.toFixed(2)} on ${figures.cpus} CPUs`,
  ].join('\n');
}
