import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { FaultKind, FaultPlatform } from './types';

/**
 * Resource faults inside the process: a CPU hog and a memory leak. In the embedded platform
 * every service shares one Node.js process (and one event loop), so the hog slows them all and
 * the leak grows the one heap: the target names whom the fault is charged to. With
 * `npm run service` each service has its own process, but the control plane runs only with the
 * embedded platform.
 */

const SLICE_MS = 100;
const MIB = 1_048_576;

function inProcessServices(platform: FaultPlatform): string[] {
  return platform
    .services()
    .filter((s) => s.role !== 'external')
    .map((s) => s.name);
}

const cpuParams = z
  .object({
    /** Share of every 100 ms the event loop spends burning CPU (requests wait meanwhile). */
    loadPercent: z.number().int().min(0).max(95).default(60),
    /** Worker threads spinning besides, competing for the machine's cores. */
    threads: z.number().int().min(0).max(4).default(1),
  })
  .strict();

export const cpuHogFault: FaultKind<typeof cpuParams> = {
  kind: 'cpu-hog',
  title: 'CPU hog',
  description:
    'Burns CPU: the event loop is kept busy for loadPercent% of every 100 ms (so every request waits behind it) and `threads` worker threads spin on other cores. In the embedded platform all services share one process, so every service slows, not only the target.',
  targetType: 'service',
  params: cpuParams,
  targets: inProcessServices,
  apply: async ({ params }) => {
    const busyMs = (SLICE_MS * params.loadPercent) / 100;
    const timer = setInterval(() => {
      const end = performance.now() + busyMs;
      while (performance.now() < end) {
        // burn: the point of the fault
      }
    }, SLICE_MS);
    const workers = Array.from(
      { length: params.threads },
      () => new Worker('for (;;) { Math.sqrt(Math.random()); }', { eval: true }),
    );
    for (const worker of workers) worker.unref();
    return async () => {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.terminate()));
    };
  },
};

const leakParams = z
  .object({
    mbPerSecond: z.number().min(1).max(64).default(8),
    /** Growth stops here: the leak never takes the process down. */
    capMb: z.number().int().min(8).max(1_024).default(128),
  })
  .strict();

/** The buffers every active leak retains, by fault id (freed at revert). */
const retained = new Map<string, Buffer[]>();

export function leakedBytes(): number {
  let total = 0;
  for (const buffers of retained.values()) for (const b of buffers) total += b.length;
  return total;
}

export const memoryLeakFault: FaultKind<typeof leakParams> = {
  kind: 'memory-leak',
  title: 'Memory leak',
  description:
    'Grows a retained buffer by mbPerSecond until capMb, then holds it; the revert frees it. In the embedded platform all services share one heap.',
  targetType: 'service',
  params: leakParams,
  targets: inProcessServices,
  apply: async ({ id, params }) => {
    const buffers: Buffer[] = [];
    retained.set(id, buffers);
    const capBytes = params.capMb * MIB;
    const stepBytes = Math.max(1, Math.floor((params.mbPerSecond * MIB) / 4));
    let held = 0;
    const grow = () => {
      if (held >= capBytes) return;
      const size = Math.min(stepBytes, capBytes - held);
      // alloc zero-fills: the pages are touched, so the resident size really grows.
      buffers.push(Buffer.alloc(size, 1));
      held += size;
    };
    grow();
    const timer = setInterval(grow, 250);
    return () => {
      clearInterval(timer);
      retained.delete(id);
    };
  },
};
