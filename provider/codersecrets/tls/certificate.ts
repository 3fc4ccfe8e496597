/**
 * A fresh self-signed certificate per provider start, built with node:crypto and tls/der.ts (no x509 library on
 * the start-up path). Shaped like go-plugin's AutoMTLS certificate: subject/issuer CN=localhost, SAN DNS:localhost
 * (required: Terraform's Go TLS rejects a CN-only certificate), CA, key usage digitalSignature+keyEncipherment+
 * keyAgreement+certSign, extended key usage serverAuth+clientAuth.
 */
import * as crypto from "crypto";
import * as der from "./der";
import { pemEncode } from "./pem";

export type Curve = "P-256" | "P-384" | "P-521";

const CURVES: Record<Curve, { nodeName: string; hash: string; sigOid: string }> = {
  "P-256": { nodeName: "prime256v1", hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
  "P-384": { nodeName: "secp384r1", hash: "sha384", sigOid: "1.2.840.10045.4.3.3" },
  "P-521": { nodeName: "secp521r1", hash: "sha512", sigOid: "1.2.840.10045.4.3.4" },
};

export interface SelfSignedCertificate {
  /** DER bytes of the certificate. */
  readonly der: Buffer;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface CertificateOptions {
  readonly curve?: Curve;
  readonly commonName?: string;
  readonly dnsName?: string;
  readonly now?: Date;
  /** Validity after `now`; go-plugin uses ~30 years, a per-start certificate needs far less. */
  readonly validDays?: number;
}

export function createSelfSignedCertificate(options: CertificateOptions = {}): SelfSignedCertificate {
  const curve = CURVES[options.curve ?? "P-256"];
  const commonName = options.commonName ?? "localhost";
  const dnsName = options.dnsName ?? "localhost";
  const now = options.now ?? new Date();
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: curve.nodeName });

  const name = der.sequence(der.set(der.sequence(der.oid("2.5.4.3"), der.utf8String(commonName))));
  const signatureAlgorithm = der.sequence(der.oid(curve.sigOid));
  const serial = crypto.randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 365) * 86_400_000);

  const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
    der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  // KeyUsage bits (RFC 5280): digitalSignature(0) keyEncipherment(2) keyAgreement(4) keyCertSign(5) -> 1010 1100.
  const keyUsage = der.tlv(0x03, Buffer.from([0x02, 0b10101100]));
  const extensions = der.explicit(
    3,
    der.sequence(
      extension("2.5.29.15", true, keyUsage),
      extension("2.5.29.37", false, der.sequence(der.oid("1.3.6.1.5.5.7.3.1"), der.oid("1.3.6.1.5.5.7.3.2"))),
      extension("2.5.29.19", true, der.sequence(der.boolean(true))),
      extension("2.5.29.17", false, der.sequence(der.implicitPrimitive(2, Buffer.from(dnsName, "ascii")))),
    ),
  );

  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    signatureAlgorithm,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = crypto.sign(curve.hash, tbs, privateKey);
  const certificate = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));
  return {
    der: certificate,
    certPem: pemEncode("CERTIFICATE", certificate),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
