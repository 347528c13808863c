import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseDemoConfig } from './platform/config';
import { DatabaseOpenError } from './platform/db';
import { PortInUseError, startPlatform } from './start-platform';

export { type Platform, startPlatform } from './start-platform';

/** `tsx demo-system/main.ts`: start the bank, stop it cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  try {
    platform = await startPlatform(parseDemoConfig());
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof PortInUseError ||
      error instanceof DatabaseOpenError
    ) {
      console.error(error.message);
    } else {
      console.error('demo-system: failed to start:', error);
    }
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`demo-system: ${signal} received, shutting down`);
    platform.close().then(
      () => process.exit(0),
      (error) => {
        console.error('demo-system: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
