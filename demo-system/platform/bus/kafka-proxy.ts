import { type CutMode, parseHostPort, startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * Puts TCP proxies between one Kafka client and the brokers, to cut that client off (fault
 * injection, issue 7): `openEventBus({ brokers, clientId, viaProxy })` or
 * `createKafkaBus({ ..., route: proxy.route })`, then `proxy.cut()` / `proxy.restore()`.
 *
 * A broker advertises its own address in the metadata, so bootstrapping through a proxy is not
 * enough: after the first request kafkajs dials the advertised address directly. `route` is
 * used as kafkajs's socket factory, so it rewrites every connection the client makes, the
 * bootstrap ones and the advertised ones: a known broker address goes to its proxy; with a
 * single broker, any address goes to its proxy (the advertised name may differ from the one
 * configured, e.g. localhost vs 127.0.0.1). With several brokers, an advertised address that
 * matches no configured one is refused loudly rather than silently bypassing the cut.
 */
export interface KafkaProxy {
  /** The proxy of each configured broker address. */
  readonly proxies: ReadonlyMap<string, TcpProxy>;
  route(host: string, port: number): { host: string; port: number };
  readonly isCut: boolean;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startKafkaProxy(options: {
  brokers: readonly string[];
}): Promise<KafkaProxy> {
  const proxies = new Map<string, TcpProxy>();
  try {
    for (const broker of new Set(options.brokers)) {
      parseHostPort(broker);
      proxies.set(broker, await startTcpProxy({ target: broker }));
    }
  } catch (error) {
    await Promise.all([...proxies.values()].map((p) => p.close()));
    throw error;
  }
  if (proxies.size === 0) throw new Error('startKafkaProxy: no brokers');
  const only = proxies.size === 1 ? [...proxies.values()][0]! : undefined;
  let cut = false;
  return {
    proxies,
    route(host, port) {
      const proxy = proxies.get(`${host}:${port}`) ?? only;
      if (!proxy) {
        throw new Error(
          `kafka proxy: no proxy for broker ${host}:${port} (configure it in brokers)`,
        );
      }
      return { host: '127.0.0.1', port: proxy.port };
    },
    get isCut() {
      return cut;
    },
    cut(mode) {
      cut = true;
      for (const proxy of proxies.values()) proxy.cut(mode);
    },
    restore() {
      cut = false;
      for (const proxy of proxies.values()) proxy.restore();
    },
    async close() {
      await Promise.all([...proxies.values()].map((p) => p.close()));
    },
  };
}
