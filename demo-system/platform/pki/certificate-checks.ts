import { createPrivateKey, X509Certificate } from 'node:crypto';

/**
 * Whether certificates found on disk can be reused, checked with Node's own X509Certificate
 * (no third-party parser on the restart path). Every check returns a reason when the answer
 * is no, so a regeneration can say why.
 */

export type Verdict = { ok: true; reason?: undefined } | { ok: false; reason: string };

const OK: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

export interface ReuseWindow {
  nowMs: number;
  /** A certificate that expires within this margin is renewed now. */
  renewBeforeMs: number;
}

export function checkCa(certPem: string, keyPem: string, window: ReuseWindow): Verdict {
  const cert = parse(certPem);
  if (!cert) return no('the CA certificate cannot be parsed');
  if (!cert.ca) return no('the CA certificate is not a CA');
  if (!keyMatches(cert, keyPem)) return no('the CA key does not match its certificate');
  return checkValidity(cert, window, 'the CA certificate');
}

export interface LeafExpectations {
  caCertPem: string;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

export function checkLeaf(
  certPem: string,
  keyPem: string,
  expected: LeafExpectations,
  window: ReuseWindow,
): Verdict {
  const cert = parse(certPem);
  const ca = parse(expected.caCertPem);
  if (!cert || !ca) return no('the certificate cannot be parsed');
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return no('the CA changed');
  if (!keyMatches(cert, keyPem)) return no('the key does not match the certificate');
  const names = sanEntries(cert);
  for (const dns of expected.dnsNames) {
    if (!names.has(`DNS:${dns}`)) return no(`the certificate does not name ${dns}`);
  }
  for (const ip of expected.ipAddresses) {
    if (!names.has(`IP Address:${ip}`)) return no(`the certificate does not name ${ip}`);
  }
  return checkValidity(cert, window, 'the certificate');
}

function checkValidity(cert: X509Certificate, window: ReuseWindow, what: string): Verdict {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isNaN(from) || Number.isNaN(to)) return no(`${what} has unreadable dates`);
  if (from > window.nowMs) return no(`${what} is not valid yet`);
  if (to <= window.nowMs) return no(`${what} expired`);
  if (to - window.nowMs < window.renewBeforeMs) return no(`${what} expires soon`);
  return OK;
}

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function keyMatches(cert: X509Certificate, keyPem: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** SAN entries as Node prints them: `DNS:accounts`, `IP Address:127.0.0.1`. */
function sanEntries(cert: X509Certificate): Set<string> {
  return new Set((cert.subjectAltName ?? '').split(',').map((entry) => entry.trim()));
}
