import {
  busCutFault,
  consumerPauseFault,
  consumerSlowFault,
  duplicateDeliveryFault,
} from './bus-kinds';
import { errorsFault, latencyFault, partitionFault } from './mesh-kinds';
import { crashFault, partnerBankFault, trafficSpikeFault } from './platform-kinds';
import { cpuHogFault, memoryLeakFault } from './process-kinds';
import { projectionFault } from './projection-kind';
import type { FaultKind } from './types';

/** Every fault kind the control plane offers, in the order the dashboard lists them. */
export const FAULT_KINDS: readonly FaultKind[] = [
  crashFault,
  latencyFault,
  errorsFault,
  partitionFault,
  partnerBankFault,
  trafficSpikeFault,
  cpuHogFault,
  memoryLeakFault,
  consumerPauseFault,
  consumerSlowFault,
  duplicateDeliveryFault,
  busCutFault,
  projectionFault,
] as FaultKind[];
