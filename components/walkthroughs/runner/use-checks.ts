'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type CheckContext, checkSource, evaluateCheck } from '../model/checks';
import type { Check } from '../model/types';
import {
  applyReading,
  type CheckState,
  expire,
  initialCheckState,
  restartCheck,
} from './check-state';

const POLL_MS = 2_000;

/**
 * Polls the sources of a step's checks (one request per distinct URL per tick) and moves each
 * check through pending → passed/failed. `restart()` gives every unfinished check a fresh
 * timeout (called after an action ran).
 */
export function useChecks(stepKey: string, checks: readonly Check[], context: CheckContext) {
  const [states, setStates] = useState<Record<string, CheckState>>({});
  const contextRef = useRef(context);
  contextRef.current = context;
  const statesRef = useRef(states);
  statesRef.current = states;

  // A new step: every check starts pending.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the step changes
  useEffect(() => {
    const now = Date.now();
    setStates(Object.fromEntries(checks.map((c) => [c.id, initialCheckState(now)])));
  }, [stepKey]);

  useEffect(() => {
    let cancelled = false;
    const controller = new AbortController();
    const tick = async () => {
      const current = statesRef.current;
      const pending = checks.filter((c) => current[c.id]?.status === 'pending');
      if (pending.length === 0) return;
      const ctx = contextRef.current;
      const urls = new Map<string, Check[]>();
      const unreadable: Check[] = [];
      for (const check of pending) {
        const url = checkSource(check.expect, ctx);
        if (url === null) unreadable.push(check);
        else urls.set(url, [...(urls.get(url) ?? []), check]);
      }
      const readings = new Map<string, { passed: boolean; observed: string }>();
      await Promise.all(
        [...urls.entries()].map(async ([url, forUrl]) => {
          let body: unknown;
          let failure: string | null = null;
          try {
            const response = await fetch(url, { cache: 'no-store', signal: controller.signal });
            body = await response.json().catch(() => undefined);
            if (!response.ok) failure = `the source answered ${response.status}`;
          } catch (error) {
            failure = `the source is unreachable (${error instanceof Error ? error.message : String(error)})`;
          }
          for (const check of forUrl)
            readings.set(
              check.id,
              failure === null
                ? evaluateCheck(check.expect, body, ctx)
                : { passed: false, observed: failure },
            );
        }),
      );
      for (const check of unreadable)
        readings.set(check.id, { passed: false, observed: 'run the step’s request first' });
      if (cancelled) return;
      const now = Date.now();
      setStates((previous) => {
        const next = { ...previous };
        for (const check of checks) {
          const state = next[check.id];
          if (!state) continue;
          const reading = readings.get(check.id);
          next[check.id] = reading
            ? applyReading(state, check, reading, now)
            : expire(state, check, now);
        }
        return next;
      });
    };
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void tick().finally(() => {
        running = false;
      });
    }, POLL_MS);
    return () => {
      cancelled = true;
      controller.abort();
      clearInterval(timer);
    };
  }, [checks]);

  const restart = useCallback(() => {
    const now = Date.now();
    setStates((previous) =>
      Object.fromEntries(
        Object.entries(previous).map(([id, state]) => [id, restartCheck(state, now)]),
      ),
    );
  }, []);

  return { states, restart };
}
