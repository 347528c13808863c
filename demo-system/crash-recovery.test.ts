import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRecovered, startHungSagas } from './testing/crash-scenario';
import { openTestPglite } from './testing/database';
import { jsonRequest } from './testing/http';
import { type PlatformRun, startPlatformProcess } from './testing/platform-process';

/**
 * The "done when", embedded: the whole platform (demo-system/main.ts) runs as a child
 * process on PGlite in a temp DEMO_DATA_DIR with the embedded bus. Transfers start whose sagas
 * hang at a step (testing/crash-scenario.ts); the process is SIGKILLed mid-saga and started
 * again on the same data (partner-bank and the sidecars come back healthy: their behaviour is
 * not persisted). Then every saga completes or compensates and GET /invariant is ok.
 */
describe('crash recovery: SIGKILL the platform mid-saga, restart on the same data (embedded bus, PGlite)', () => {
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let run: PlatformRun | undefined;

  beforeAll(async () => {
    // A fresh PGlite cluster (a copy of the cached template) the child then opens.
    const data = await openTestPglite();
    await data.database.close();
    dataDir = data.dataDir;
    cleanup = data.cleanup;
  }, 60_000);
  afterAll(async () => {
    await run?.stop();
    await cleanup?.().catch(() => undefined);
  });

  it('completes or compensates every interrupted saga, and the money adds up', async () => {
    run = await startPlatformProcess({ DEMO_DATA_DIR: dataDir });
    const topology = await jsonRequest<{ services: { name: string; url: string }[] }>(
      'GET',
      `${run.controlUrl}/topology`,
    );
    const partnerBankUrl = topology.body.services.find((s) => s.name === 'partner-bank')?.url;
    if (!partnerBankUrl) throw new Error('partner-bank is not in the topology');
    const hung = await startHungSagas({ ...run, partnerBankUrl });

    await run.crash();
    await hung.pending;
    run = await startPlatformProcess({ DEMO_DATA_DIR: dataDir });
    const recovered = await expectRecovered(run, hung);
    console.log(
      `crash recovery (embedded): at the crash ${JSON.stringify(hung.atCrash)}; after ${JSON.stringify(recovered.figures)}`,
    );
    expect(recovered.figures.nonTerminalSagas).toBe(0);
  }, 300_000);
});
