'use client';

import {
  apiRoutes,
  FaultsSnapshot as FaultsSchema,
  type FaultsSnapshot,
} from '../../collectors/contracts';
import { useLive } from '../live/LiveStreamProvider';
import { type ApiState, useApi } from './use-api';

/**
 * The fault windows, live: the stream's latest `faults` message, or one fetch of
 * /api/v1/faults until the stream has delivered one.
 */
export function useFaults(): ApiState<FaultsSnapshot> {
  const live = useLive().faults;
  const fetched = useApi(live === null ? apiRoutes.faults : null, FaultsSchema);
  return live === null ? fetched : { status: 'ok', data: live };
}
