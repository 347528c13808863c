import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCa, checkLeaf, type ReuseWindow } from './certificate-checks';
import type { PemPair } from './x509-generator';

/**
 * The development PKI of the mesh: a CA generated on first start under `dir` (by default
 * `.data/pki/`, git-ignored) and one leaf certificate per service, reused across restarts and
 * regenerated when it expired (or expires within a day), names the wrong hosts, or was signed
 * by a CA that is no longer the current one. Private keys are written with mode 0600 (and
 * tightened to it if found looser); the folder is 0700.
 *
 * Layout: ca.crt.pem, ca.key.pem, <service>.crt.pem, <service>.key.pem.
 */

export interface ServiceCredentials {
  /** The identity in the certificate: CN and first DNS SAN. */
  service: string;
  /** The CA that signs every mesh certificate: trust anchor for both TLS directions. */
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface DevPki {
  readonly dir: string;
  readonly caPem: string;
  /** The service's certificate, reused from disk when still good, else issued now. */
  issue(service: string): Promise<ServiceCredentials>;
}

export interface DevPkiOptions {
  /** Where the CA and certificates live; created if missing. */
  dir: string;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  caValidityDays?: number;
  leafValidityDays?: number;
  /** One line per certificate generated; defaults to silence. */
  log?: (line: string) => void;
}

const DAY_MS = 86_400_000;
const CA_NAME = 'Patternscope development mesh CA';
/** Every leaf also names loopback, so tools can reach a mesh port by address. */
const LOOPBACK_DNS = 'localhost';
const LOOPBACK_IP = '127.0.0.1';
/** A service name becomes a file name and a DNS SAN: keep it a DNS label. */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export async function openDevPki(options: DevPkiOptions): Promise<DevPki> {
  const { dir } = options;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const caValidityDays = options.caValidityDays ?? 365;
  const leafValidityDays = options.leafValidityDays ?? 30;
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const window = (): ReuseWindow => ({ nowMs: clock(), renewBeforeMs: DAY_MS });
  const caFiles = pairFiles(dir, 'ca');
  let ca = await readPair(caFiles);
  const caVerdict = ca ? checkCa(ca.certPem, ca.keyPem, window()) : undefined;
  if (!ca || !caVerdict?.ok) {
    const { createCaCertificate } = await import('./x509-generator');
    ca = await createCaCertificate(CA_NAME, validity(clock(), caValidityDays));
    await writePair(caFiles, ca);
    log(`pki: generated a development CA in ${dir} (${caVerdict ? caVerdict.reason : 'none yet'})`);
  }
  const caPair = ca;

  const pending = new Map<string, Promise<ServiceCredentials>>();
  const issueNow = async (service: string): Promise<ServiceCredentials> => {
    const files = pairFiles(dir, service);
    const expected = {
      caCertPem: caPair.certPem,
      dnsNames: [service, LOOPBACK_DNS],
      ipAddresses: [LOOPBACK_IP],
    };
    const existing = await readPair(files);
    const verdict = existing && checkLeaf(existing.certPem, existing.keyPem, expected, window());
    if (existing && verdict?.ok) return credentials(service, caPair, existing);
    const { createLeafCertificate } = await import('./x509-generator');
    const leaf = await createLeafCertificate(caPair, {
      commonName: service,
      dnsNames: expected.dnsNames,
      ipAddresses: expected.ipAddresses,
      window: validity(clock(), leafValidityDays),
    });
    await writePair(files, leaf);
    log(`pki: issued a certificate for ${service} (${verdict ? verdict.reason : 'none yet'})`);
    return credentials(service, caPair, leaf);
  };

  return {
    dir,
    caPem: caPair.certPem,
    issue: (service) => {
      if (!SERVICE_NAME.test(service)) {
        return Promise.reject(new Error(`pki: "${service}" is not a valid service name`));
      }
      let issuing = pending.get(service);
      if (!issuing) {
        issuing = issueNow(service);
        pending.set(service, issuing);
        // A failed issue may be retried; a successful one is served from the map.
        issuing.catch(() => pending.delete(service));
      }
      return issuing;
    },
  };
}

interface PairFiles {
  cert: string;
  key: string;
}

function pairFiles(dir: string, name: string): PairFiles {
  return { cert: join(dir, `${name}.crt.pem`), key: join(dir, `${name}.key.pem`) };
}

function credentials(service: string, ca: PemPair, leaf: PemPair): ServiceCredentials {
  return { service, caPem: ca.certPem, certPem: leaf.certPem, keyPem: leaf.keyPem };
}

/** Backdated by an hour so a clock slightly behind still accepts a fresh certificate. */
function validity(nowMs: number, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(nowMs - 3_600_000), notAfter: new Date(nowMs + days * DAY_MS) };
}

async function readPair(files: PairFiles): Promise<PemPair | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([
      readFile(files.cert, 'utf8'),
      readFile(files.key, 'utf8'),
    ]);
    if (((await stat(files.key)).mode & 0o077) !== 0) await chmod(files.key, 0o600);
    return { certPem, keyPem };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Key first, then certificate, each written to a temporary file and renamed into place. */
async function writePair(files: PairFiles, pair: PemPair): Promise<void> {
  await writeAtomically(files.key, pair.keyPem, 0o600);
  await writeAtomically(files.cert, pair.certPem, 0o644);
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode); // writeFile's mode is filtered by the umask
  await rename(temporary, path);
}
