/**
 * `npm run -s token -- --customer c-123 [--name "Ada"] [--scope "accounts transfers overview"]
 * [--ttl 3600] [--json]`: prints a bearer token for the bank's gateway, signed with the
 * gateway's secret: GATEWAY_JWT_SECRET when set, else `<DEMO_DATA_DIR>/gateway/jwt-secret`
 * (created if the gateway has not started yet; DEMO_DATA_DIR defaults to `.data`).
 * Without --customer, a new demo customer id is made up. `-s` keeps npm's banner off stdout.
 */
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, resolveJwtSecret } from '../demo-system/platform/auth/jwt-secret';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken } from '../demo-system/platform/auth/tokens';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE =
  'usage: npm run -s token -- [--customer <id>] [--name <name>] [--scope "<scopes>"] [--ttl <seconds>] [--json]';

/** Runs the CLI on `argv` (the arguments after the script) and returns what it prints. */
export async function runTokenCli(
  argv: string[],
  env: Record<string, string | undefined>,
  note: (line: string) => void = () => undefined,
): Promise<string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        customer: { type: 'string' },
        name: { type: 'string' },
        scope: { type: 'string' },
        ttl: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) return USAGE;
  const ttl = values.ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1)
    throw new UsageError(`--ttl must be whole seconds\n${USAGE}`);

  const secretText = env.GATEWAY_JWT_SECRET?.trim() || undefined;
  const secret = await resolveJwtSecret({
    ...(secretText ? { secret: secretText } : {}),
    dataDir: env.DEMO_DATA_DIR?.trim() || DEFAULT_DATA_DIR,
  });
  if (secret.source === 'file-created') note(`token: generated a JWT secret in ${secret.path}`);
  try {
    const issued = await issueToken(secret.key, {
      customerId:
        typeof values.customer === 'string' ? values.customer : `c-${randomUUID().slice(0, 8)}`,
      ...(typeof values.name === 'string' ? { name: values.name } : {}),
      ...(typeof values.scope === 'string' ? { scope: values.scope } : {}),
      ttlSeconds: ttl,
    });
    return values.json ? JSON.stringify(issued, null, 2) : issued.token;
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
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

if (isEntryPoint()) {
  runTokenCli(process.argv.slice(2), process.env, (line) => console.error(line)).then(
    (output) => console.log(output),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
