import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { idempotencyAttributes } from '../../../collectors/contracts/conventions';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Database } from '../../platform/db';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import { type EventConsumer, startEventConsumer } from '../../platform/outbox';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { NOTICES_GROUP, noticeHandlers } from './event-notices';
import { notificationsSchema } from './migrations';
import { NotificationsRepository } from './notifications-repository';
import { CHANNELS, render, TEMPLATES } from './templates';

export const NOTIFICATIONS_SERVICE = 'notifications';

const customerId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id');
const notificationBody = z.object({
  customerId,
  channel: z.enum(CHANNELS).default('email'),
  template: z.enum(TEMPLATES),
  data: z
    .record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
    .default({}),
});
const customerParams = z.object({ customerId });
const idempotencyKey = z.string().trim().min(1).max(200).optional();

export interface NotificationsServiceOptions extends ServiceStartOptions {
  database: Database;
  /**
   * The event bus: notices for the loan and transfer sagas' outcomes (event-notices.ts).
   * Without one, only the HTTP API runs (other services' tests that need just that).
   */
  bus?: EventBus;
  log?: (line: string) => void;
}

/**
 * Starts the notifications service: renders and records notifications. "Sent" means recorded
 * with a delivery status; no e-mail or SMS leaves the demo.
 */
export async function startNotificationsService(
  options: NotificationsServiceOptions,
): Promise<RunningService> {
  const db = await options.database.openSchema(notificationsSchema);
  const repository = new NotificationsRepository(db);
  const { telemetry, release } = telemetryFor(options, NOTIFICATIONS_SERVICE);
  const notices: EventConsumer | undefined = options.bus
    ? await startEventConsumer({
        service: NOTIFICATIONS_SERVICE,
        db,
        bus: options.bus,
        tracer: telemetry.tracer,
        logger: telemetry.logger,
        log: options.log ?? ((line: string) => console.log(line)),
        groupId: NOTICES_GROUP,
        handlers: noticeHandlers({ tracer: telemetry.tracer, repository }),
      })
    : undefined;
  const app = createServiceApp({
    serviceName: NOTIFICATIONS_SERVICE,
    tracer: telemetry.tracer,
    logger: telemetry.logger,
  });

  app.post('/notifications', async (request, reply) => {
    const body = parseOr400(notificationBody, request.body);
    const key = parseOr400(idempotencyKey, header(request.headers['idempotency-key']));
    const { subject, text } = render(body.template, body.data);
    if (key) request.serverSpan?.setAttribute(idempotencyAttributes.key, key);
    const { notification, created } = await repository.record(
      {
        id: `ntf_${randomUUID()}`,
        ...body,
        subject,
        body: text,
        status: 'sent',
        createdAt: new Date().toISOString(),
      },
      key,
    );
    request.serverSpan?.setAttribute(idempotencyAttributes.duplicate, !created);
    if (!created) reply.header('idempotent-replayed', 'true');
    reply.code(created ? 201 : 200);
    return notification;
  });

  app.get('/customers/:customerId/notifications', async (request) => {
    const params = parseOr400(customerParams, request.params);
    const caller = header(request.headers['x-customer-id']);
    if (caller !== undefined && caller !== params.customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's notifications are theirs" });
    }
    return {
      customerId: params.customerId,
      notifications: await repository.forCustomer(params.customerId, 50),
    };
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: NOTIFICATIONS_SERVICE,
    ...bound,
    close: async () => {
      await notices?.close();
      await app.close();
      await release();
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
