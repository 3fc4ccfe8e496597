import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as der from "../../provider/codersecrets/tls/der";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

describe("DER encoder", () => {
  test("lengths, integers, OIDs, times", () => {
    expect(der.tlv(0x04, Buffer.alloc(3))).toEqual(Buffer.from([0x04, 3, 0, 0, 0]));
    expect(der.tlv(0x04, Buffer.alloc(200)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 200]));
    expect(der.tlv(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
    expect(der.unsignedInteger(Buffer.from([0x00, 0x00, 0x80]))).toEqual(Buffer.from([0x02, 2, 0x00, 0x80]));
    expect(der.smallInteger(2)).toEqual(Buffer.from([0x02, 1, 2]));
    expect(der.oid("1.2.840.10045.4.3.2")).toEqual(Buffer.from("06082a8648ce3d040302", "hex"));
    expect(der.oid("2.5.29.17")).toEqual(Buffer.from("0603551d11", "hex"));
    expect(der.time(new Date("2026-11-23T14:10:56Z")).toString("latin1")).toBe("\x17\x0d261123141056Z");
    expect(der.time(new Date("2051-01-02T03:04:05Z")).toString("latin1")).toBe("\x18\x0f20510102030405Z");
  });
});

describe("per-start self-signed certificate", () => {
  test.each(["P-256", "P-384", "P-521"] as const)("%s: parses, self-verifies, SAN DNS:localhost, CA, both EKUs", (curve) => {
    const c = createSelfSignedCertificate({ curve });
    const x = new crypto.X509Certificate(c.der);
    expect(x.subject).toBe("CN=localhost");
    expect(x.issuer).toBe("CN=localhost");
    expect(x.subjectAltName).toBe("DNS:localhost");
    expect(x.ca).toBe(true);
    expect(x.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(crypto.createPrivateKey(c.keyPem))).toBe(true);
    expect(new Date(x.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new crypto.X509Certificate(c.certPem).fingerprint256).toBe(x.fingerprint256);
  });

  // Its cost is measured where it is paid, in bench/ (the provider's start-up phases), not timed here.
  test("fresh key and serial each start", () => {
    const a = createSelfSignedCertificate();
    const b = createSelfSignedCertificate();
    expect(a.keyPem).not.toBe(b.keyPem);
    expect(new crypto.X509Certificate(a.der).serialNumber).not.toBe(new crypto.X509Certificate(b.der).serialNumber);
  });

  (hasOpenssl ? test : test.skip)("openssl agrees: verifies as its own trust anchor for serverAuth and clientAuth", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cert-test-"));
    const file = path.join(dir, "c.pem");
    fs.writeFileSync(file, createSelfSignedCertificate().certPem);
    for (const purpose of ["sslserver", "sslclient"]) {
      const r = spawnSync("openssl", ["verify", "-purpose", purpose, "-CAfile", file, file], { encoding: "utf8" });
      expect(`${r.stdout}${r.stderr}`).toContain(": OK");
    }
    fs.rmSync(dir, { recursive: true });
  });
});
