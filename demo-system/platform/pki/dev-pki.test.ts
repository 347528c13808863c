import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDevPki } from './dev-pki';

const DAY_MS = 86_400_000;

describe('openDevPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sidecar-helper-pki-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a CA and a leaf naming the service and loopback, keys readable by owner only', async () => {
    const pki = await openDevPki({ dir });
    const creds = await pki.issue('accounts');

    const leaf = new X509Certificate(creds.certPem);
    const ca = new X509Certificate(pki.caPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('DNS:accounts');
    expect(leaf.subjectAltName).toContain('DNS:localhost');
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.checkHost('accounts')).toBe('accounts');
    expect(leaf.checkHost('payments')).toBeUndefined();
    for (const key of ['ca.key.pem', 'accounts.key.pem']) {
      expect((await stat(join(dir, key))).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses the CA and the leaf across restarts', async () => {
    const first = await (await openDevPki({ dir })).issue('payments');
    const reopened = await openDevPki({ dir });
    const second = await reopened.issue('payments');
    expect(second.certPem).toBe(first.certPem);
    expect(second.keyPem).toBe(first.keyPem);
    expect(reopened.caPem).toBe(first.caPem);
  });

  it('regenerates an expired leaf but keeps the CA', async () => {
    const issuedAt = Date.now();
    const pki = await openDevPki({ dir, leafValidityDays: 2 });
    const old = await pki.issue('kyc');
    const later = await openDevPki({ dir, clock: () => issuedAt + 3 * DAY_MS });
    const renewed = await later.issue('kyc');
    expect(renewed.certPem).not.toBe(old.certPem);
    expect(later.caPem).toBe(pki.caPem);
    const validTo = Date.parse(new X509Certificate(renewed.certPem).validTo);
    expect(validTo).toBeGreaterThan(issuedAt + 3 * DAY_MS);
  });

  it('regenerates every leaf when the CA changed', async () => {
    const pki = await openDevPki({ dir });
    const before = await pki.issue('lending');
    await rm(join(dir, 'ca.crt.pem'));
    const fresh = await openDevPki({ dir });
    const after = await fresh.issue('lending');
    expect(fresh.caPem).not.toBe(pki.caPem);
    expect(after.certPem).not.toBe(before.certPem);
    expect(
      new X509Certificate(after.certPem).verify(new X509Certificate(fresh.caPem).publicKey),
    ).toBe(true);
  });

  it('issues once for concurrent requests and refuses names that are not DNS labels', async () => {
    const pki = await openDevPki({ dir });
    const [a, b] = await Promise.all([pki.issue('wealth'), pki.issue('wealth')]);
    expect(a.certPem).toBe(b.certPem);
    expect(await readFile(join(dir, 'wealth.crt.pem'), 'utf8')).toBe(a.certPem);
    await expect(pki.issue('../etc')).rejects.toThrow(/not a valid service name/);
  });
});
