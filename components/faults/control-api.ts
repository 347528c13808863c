import { z } from 'zod';

/**
 * The control plane's fault API as the dashboard reads it (through /api/control/faults): the
 * catalog of fault kinds, the active faults with their planned end, and the history. Parsed,
 * never trusted: an answer of another shape is an error on screen.
 */

export const CONTROL_FAULTS_URL = '/api/control/faults';

export const CatalogKind = z.object({
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  targetType: z.string(),
  targets: z.array(z.string()),
  paramsSchema: z.unknown(),
  defaultTtlSeconds: z.number(),
  maxTtlSeconds: z.number(),
});
export type CatalogKind = z.infer<typeof CatalogKind>;

export const ControlFault = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string(),
  params: z.record(z.string(), z.unknown()),
  ttlSeconds: z.number(),
  startedAt: z.string(),
  expiresAt: z.string(),
  remainingSeconds: z.number(),
  status: z.enum(['active', 'reverting', 'ended']),
  endedAt: z.string().optional(),
  endReason: z.string().optional(),
  error: z.string().optional(),
});
export type ControlFault = z.infer<typeof ControlFault>;

export const ControlFaults = z.object({
  catalog: z.array(CatalogKind),
  active: z.array(ControlFault),
  history: z.array(ControlFault),
});
export type ControlFaults = z.infer<typeof ControlFaults>;

export interface InjectRequest {
  kind: string;
  target: string;
  params: Record<string, unknown>;
  ttlSeconds: number;
}

/** The control plane's refusal message, or the status when it sent none. */
async function failure(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
}

export async function injectFault(
  request: InjectRequest,
): Promise<{ ok: true; fault: ControlFault } | { ok: false; message: string }> {
  const response = await fetch(CONTROL_FAULTS_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) return { ok: false, message: await failure(response) };
  return { ok: true, fault: ControlFault.parse(await response.json()) };
}

export async function revertFault(id: string): Promise<string | null> {
  const response = await fetch(`${CONTROL_FAULTS_URL}/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });
  return response.ok ? null : failure(response);
}

export async function stopAllFaults(): Promise<string | null> {
  const response = await fetch(CONTROL_FAULTS_URL, { method: 'DELETE' });
  return response.ok ? null : failure(response);
}

/** Seconds left until `expiresAt`, from the browser's clock (never negative). */
export function remainingSeconds(fault: ControlFault, nowUnixMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(fault.expiresAt) - nowUnixMs) / 1_000));
}

/** 75 → "1:15". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
