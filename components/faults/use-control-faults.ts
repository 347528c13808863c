'use client';

import { useCallback, useEffect, useState } from 'react';
import { type ApiState, useApi } from '../charts/use-api';
import { CONTROL_FAULTS_URL, ControlFaults } from './control-api';

/** GET /api/control/faults every `intervalMs`, and at once after `refresh()`. */
export function useControlFaults(intervalMs = 2_000): {
  state: ApiState<ControlFaults>;
  refresh: () => void;
} {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { state: useApi(CONTROL_FAULTS_URL, ControlFaults, tick), refresh };
}
