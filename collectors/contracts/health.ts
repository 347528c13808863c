import { z } from 'zod';

/** Answer of GET /health on the collectors' API port once both listeners are up. */
export const HealthResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof HealthResponse>;
