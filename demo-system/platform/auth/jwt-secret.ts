import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where the gateway's HS256 signing secret comes from: `GATEWAY_JWT_SECRET` when set,
 * otherwise a random secret generated on first start and kept in
 * `<dataDir>/gateway/jwt-secret` (mode 0600, under the git-ignored `.data/`), so tokens stay
 * valid across restarts. The gateway and `npm run token` resolve it the same way.
 */

/** The platform's data folder (DEMO_DATA_DIR's default), relative to the working directory. */
export const DEFAULT_DATA_DIR = '.data';

/** HS256 wants a key of at least 256 bits; as text, at least 32 characters. */
export const MIN_SECRET_LENGTH = 32;

export const JWT_SECRET_ENV = 'GATEWAY_JWT_SECRET';

export interface JwtSecret {
  /** The key bytes jose signs and verifies with (the UTF-8 bytes of the secret text). */
  key: Uint8Array;
  /** Where it came from, for the start-up log; never the secret itself. */
  source: 'env' | 'file-created' | 'file';
  /** The secret file, when the secret came from one. */
  path?: string;
}

export class JwtSecretError extends Error {
  override name = 'JwtSecretError';
}

export function jwtSecretPath(dataDir: string = DEFAULT_DATA_DIR): string {
  return join(dataDir, 'gateway', 'jwt-secret');
}

/** A secret given as text (e.g. the environment variable); throws when too short. */
export function secretFromText(text: string, origin = JWT_SECRET_ENV): Uint8Array {
  const trimmed = text.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) {
    throw new JwtSecretError(
      `${origin} must be at least ${MIN_SECRET_LENGTH} characters (got ${trimmed.length})`,
    );
  }
  return new TextEncoder().encode(trimmed);
}

/**
 * Returns the secret given as text, or the one stored under `dataDir`, creating it (atomically,
 * so two processes starting together agree on one secret) when there is none yet.
 */
export async function resolveJwtSecret(
  options: { secret?: string; dataDir?: string } = {},
): Promise<JwtSecret> {
  if (options.secret !== undefined) return { key: secretFromText(options.secret), source: 'env' };
  const path = jwtSecretPath(options.dataDir);
  const existing = await readSecretFile(path);
  if (existing) return { key: existing, source: 'file', path };

  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const staging = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(staging, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    // link() fails with EEXIST if another process won the race: then its secret is the one.
    await link(staging, path);
    const created = await readSecretFile(path);
    if (!created) throw new JwtSecretError(`could not read back ${path}`);
    return { key: created, source: 'file-created', path };
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    const winner = await readSecretFile(path);
    if (!winner) throw new JwtSecretError(`${path} vanished while starting`);
    return { key: winner, source: 'file', path };
  } finally {
    await unlink(staging).catch(() => undefined);
  }
}

async function readSecretFile(path: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  // Tighten a secret file someone made readable by others.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  try {
    return secretFromText(text, path);
  } catch (error) {
    throw new JwtSecretError(
      `${(error as Error).message}; delete the file to generate a new secret (tokens signed with the old one stop working)`,
    );
  }
}
