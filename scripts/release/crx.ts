/**
 * Chrome's CRX3 package and the update manifest that goes with it, for organisations that host the extension
 * themselves (ExtensionInstallForcelist "<id>;<update manifest URL>"). Written here from the format's definition
 * (Chromium's crx3.proto and crx_verifier), as it is small: a header of two protobuf messages before the zip.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** A protobuf length-delimited field (wire type 2): its tag, length and bytes. */
function field(number: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** The signing key's public half as DER SubjectPublicKeyInfo, which Chrome hashes into the extension id. */
function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** The extension id a key gives: the first 16 bytes of SHA-256(public key), hex digits 0-f written as a-p. */
export function extensionIdOf(privateKeyPem: string): string {
  const hash = createHash('sha256')
    .update(publicKeyDer(createPrivateKey(privateKeyPem)))
    .digest('hex')
    .slice(0, 32);
  return [...hash].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** The zip signed with the RSA key in `privateKeyPem` (SHA-256), as a CRX3 file. */
export function packCrx(zip: Uint8Array, privateKeyPem: string): Buffer {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the signing key must be an RSA private key (PEM)');
  const publicKey = publicKeyDer(key);
  const crxId = createHash('sha256').update(publicKey).digest().subarray(0, 16);
  // SignedData { bytes crx_id = 1; }
  const signedHeaderData = field(1, crxId);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedHeaderData.length);
  const signature = sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'binary'), length, signedHeaderData, zip]), key);
  // CrxFileHeader { AsymmetricKeyProof sha256_with_rsa = 2 { public_key = 1; signature = 2; }; signed_header_data = 10000; }
  const header = Buffer.concat([field(2, Buffer.concat([field(1, publicKey), field(2, signature)])), field(10000, signedHeaderData)]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'ascii');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}

/** The update manifest (gupdate XML) that tells Chrome where the .crx of `version` is. */
export function updateManifest(id: string, version: string, crxUrl: string): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${id}'>`,
    `    <updatecheck codebase='${escape(crxUrl)}' version='${escape(version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
