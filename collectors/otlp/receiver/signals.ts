import { otlpRoutes } from '../../contracts/routes';
import type { OtlpEncoding, OtlpSignal, PartialSuccess } from '../export-response';
import { decodeTraceRequestJson } from '../json-decoder';
import type { DecodedLogs } from '../log-record';
import { decodeLogsRequestJson } from '../logs-json-decoder';
import { decodeLogsRequestProtobuf } from '../logs-protobuf-decoder';
import type { DecodedMetrics } from '../metric-record';
import { decodeMetricsRequestJson } from '../metrics-json-decoder';
import { decodeMetricsRequestProtobuf } from '../metrics-protobuf-decoder';
import { decodeTraceRequestProtobuf } from '../protobuf-decoder';
import type { DecodedTraces } from '../span-record';

/** OTLP/HTTP paths of the three signals, as the specification names them. */
export const OTLP_SIGNAL_PATHS: Record<OtlpSignal, string> = otlpRoutes;

export interface SignalCallbacks {
  onTraces: (decoded: DecodedTraces) => void;
  onMetrics?: ((decoded: DecodedMetrics) => void) | undefined;
  onLogs?: ((decoded: DecodedLogs) => void) | undefined;
}

/** Decodes one request body of a signal, hands the records over, returns the rejections. */
export type SignalIngest = (encoding: OtlpEncoding, body: Uint8Array) => PartialSuccess;

/** How each signal's bodies are decoded and delivered. A missing callback drops valid records. */
export function signalIngest(callbacks: SignalCallbacks): Record<OtlpSignal, SignalIngest> {
  return {
    traces: (encoding, body) => {
      const decoded =
        encoding === 'protobuf' ? decodeTraceRequestProtobuf(body) : decodeTraceRequestJson(body);
      callbacks.onTraces(decoded);
      return { rejected: decoded.rejectedSpans, errorMessage: decoded.errorMessage };
    },
    metrics: (encoding, body) => {
      const decoded =
        encoding === 'protobuf'
          ? decodeMetricsRequestProtobuf(body)
          : decodeMetricsRequestJson(body);
      callbacks.onMetrics?.(decoded);
      return { rejected: decoded.rejectedDataPoints, errorMessage: decoded.errorMessage };
    },
    logs: (encoding, body) => {
      const decoded =
        encoding === 'protobuf' ? decodeLogsRequestProtobuf(body) : decodeLogsRequestJson(body);
      callbacks.onLogs?.(decoded);
      return { rejected: decoded.rejectedLogRecords, errorMessage: decoded.errorMessage };
    },
  };
}
