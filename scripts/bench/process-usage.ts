import { readFileSync } from 'node:fs';

/** CPU time and memory of the current process, as the benchmark reports them. */
export interface ProcessUsage {
  /** User + system CPU time since start, microseconds. */
  cpuMicros: number;
  rssBytes: number;
  /** Peak resident set (VmHWM of /proc/self/status); null where /proc is not available. */
  peakRssBytes: number | null;
  heapUsedBytes: number;
}

export function processUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    peakRssBytes: readPeakRss(),
    heapUsedBytes: memory.heapUsed,
  };
}

function readPeakRss(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
