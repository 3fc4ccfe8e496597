/** The one PEM encoder and parser (provider/codersecrets/tls/pem.ts), against node's own X.509 and key parsers. */
import * as crypto from "crypto";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";
import { pemDecode, pemEncode } from "../../provider/codersecrets/tls/pem";

test("pemEncode writes 64-character base64 lines that node's X.509 parser reads back to the same DER", () => {
  const { der } = createSelfSignedCertificate({ curve: "P-521" });
  const pem = pemEncode("CERTIFICATE", der);
  const body = pem.split("\n").slice(1, -2);
  expect(pem.startsWith("-----BEGIN CERTIFICATE-----\n")).toBe(true);
  expect(pem.endsWith("\n-----END CERTIFICATE-----\n")).toBe(true);
  expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
  expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
  expect(new crypto.X509Certificate(pem).raw.equals(der)).toBe(true);
  // A DER length that is a multiple of 48 bytes fills its last line exactly.
  expect(pemEncode("X", Buffer.alloc(96, 1)).split("\n")).toHaveLength(5);
});

test("pemDecode reads every block of its label, in order, as DER; other labels, junk and empty blocks are skipped", () => {
  const a = createSelfSignedCertificate();
  const b = createSelfSignedCertificate({ curve: "P-384" });
  const ders = pemDecode("CERTIFICATE", `junk\n${a.certPem}\n${a.keyPem}-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n${b.certPem.replace(/\n/g, "\r\n")}`);
  expect(ders).toHaveLength(2);
  expect(ders[0]!.equals(a.der)).toBe(true);
  expect(ders[1]!.equals(b.der)).toBe(true);
  expect(pemDecode("CERTIFICATE", "not a certificate")).toEqual([]);
  // node wrote the key's PEM; the parser reads it under its own label.
  const [key] = pemDecode("PRIVATE KEY", a.keyPem);
  expect(crypto.createPrivateKey({ key: key!, format: "der", type: "pkcs8" }).asymmetricKeyType).toBe("ec");
});

test("encode then decode is the identity for any bytes", () => {
  for (const n of [1, 2, 3, 47, 48, 49, 1000]) {
    const bytes = crypto.randomBytes(n);
    expect(pemDecode("TEST", pemEncode("TEST", bytes))).toEqual([bytes]);
  }
});
