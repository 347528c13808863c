// @peculiar/x509 resolves its algorithm registry through tsyringe, which needs the Reflect
// metadata API. The polyfill only adds `Reflect.*Metadata` functions; it must load first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * Certificate generation for the development CA, with @peculiar/x509 over Node's WebCrypto
 * (passed explicitly: no global crypto provider is set). Keys are ECDSA P-256, signatures
 * ECDSA with SHA-256. dev-pki.ts loads this module lazily, only when something must be issued,
 * so a restart that reuses valid certificates never loads the polyfill.
 */

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface CertificateWindow {
  notBefore: Date;
  notAfter: Date;
}

const crypto = webcrypto as unknown as Crypto;
const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** A self-signed CA certificate that may sign leaf certificates only (path length 0). */
export async function createCaCertificate(
  commonName: string,
  window: CertificateWindow,
): Promise<PemPair> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=${commonName}`,
      ...window,
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

export interface LeafRequest {
  /** Subject CN and the first DNS SAN. */
  commonName: string;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  window: CertificateWindow;
}

/**
 * A leaf certificate signed by the CA, usable both as a TLS server certificate (the mesh
 * port) and as a client certificate (calls to other sidecars).
 */
export async function createLeafCertificate(ca: PemPair, request: LeafRequest): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.keyPem),
    KEY_ALGORITHM,
    false,
    ['sign'],
  );
  const keys = await generateKeys();
  const names: x509.JsonGeneralName[] = [
    ...request.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...request.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: `CN=${request.commonName}`,
      issuer: caCert.subject,
      ...request.window,
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(
          [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
          false,
        ),
        new x509.SubjectAlternativeNameExtension(names, false),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** 16 random bytes with the top bit clear, so the DER integer stays positive. */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
