import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JwtSecretError, jwtSecretPath, resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gwhelper-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('prefers the given secret and refuses a short one', async () => {
    const secret = 's'.repeat(40);
    const resolved = await resolveJwtSecret({ secret, dataDir: await freshDir() });
    expect(resolved.source).toBe('env');
    expect(new TextDecoder().decode(resolved.key)).toBe(secret);
    await expect(resolveJwtSecret({ secret: 'short' })).rejects.toThrow(JwtSecretError);
  });

  it('creates a 0600 secret file once and reuses it on the next start', async () => {
    const dataDir = await freshDir();
    const first = await resolveJwtSecret({ dataDir });
    expect(first.source).toBe('file-created');
    const path = jwtSecretPath(dataDir);
    expect(first.path).toBe(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await resolveJwtSecret({ dataDir });
    expect(again.source).toBe('file');
    expect(again.key).toEqual(first.key);
  });

  it('agrees on one secret when several starts race to create it', async () => {
    const dataDir = await freshDir();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => resolveJwtSecret({ dataDir })),
    );
    expect(results.filter((r) => r.source === 'file-created')).toHaveLength(1);
    for (const r of results) expect(r.key).toEqual(results[0]!.key);
  });

  it('tightens a readable secret file and refuses a truncated one', async () => {
    const dataDir = await freshDir();
    await resolveJwtSecret({ dataDir });
    const path = jwtSecretPath(dataDir);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text);
    await chmod(path, 0o644);
    await resolveJwtSecret({ dataDir });
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    await writeFile(path, 'tiny');
    await expect(resolveJwtSecret({ dataDir })).rejects.toThrow(/delete the file/);
  });
});
