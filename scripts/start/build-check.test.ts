import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildNeeded } from './build-check';

describe('buildNeeded', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ps-build-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'page.tsx'), 'export default 1');
    return dir;
  }

  function touch(path: string, secondsAgo: number): void {
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(path, t, t);
  }

  it('asks for a build when none exists', () => {
    expect(buildNeeded(project())).toBe('no production build yet');
  });

  it('accepts a build newer than every source, and rejects it once a source changes', () => {
    const dir = project();
    touch(join(dir, 'app', 'page.tsx'), 100);
    mkdirSync(join(dir, '.next'));
    writeFileSync(join(dir, '.next', 'BUILD_ID'), 'x');
    touch(join(dir, '.next', 'BUILD_ID'), 50);
    expect(buildNeeded(dir)).toBeNull();
    touch(join(dir, 'app', 'page.tsx'), 10);
    expect(buildNeeded(dir)).toBe('sources changed since the last build');
  });

  it('ignores test files, which are not part of the build', () => {
    const dir = project();
    touch(join(dir, 'app', 'page.tsx'), 100);
    mkdirSync(join(dir, '.next'));
    writeFileSync(join(dir, '.next', 'BUILD_ID'), 'x');
    touch(join(dir, '.next', 'BUILD_ID'), 50);
    writeFileSync(join(dir, 'app', 'layout.test.ts'), '');
    expect(buildNeeded(dir)).toBeNull();
  });
});
