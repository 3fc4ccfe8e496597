/** listener.ts on its own: reading PLUGIN_CLIENT_CERT, and refusing to start without a certificate to pin. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { certificatesFromPem, ClientCertificateError, listen } from "../../provider/codersecrets/listener";
import { silentLogger } from "../../provider/codersecrets/log";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";

test("every PEM certificate in PLUGIN_CLIENT_CERT is read as its DER bytes; anything else is ignored", () => {
  const a = createSelfSignedCertificate();
  const b = createSelfSignedCertificate({ curve: "P-384" });
  const ders = certificatesFromPem(`junk\n${a.certPem}\n${a.keyPem}${b.certPem.replace(/\n/g, "\r\n")}`);
  expect(ders).toHaveLength(2);
  expect(ders[0]!.equals(a.der)).toBe(true);
  expect(ders[1]!.equals(b.der)).toBe(true);
  expect(certificatesFromPem("not a certificate")).toEqual([]);
});

test("mTLS without a client certificate to pin does not start (and names the variable)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "listener-"));
  try {
    const server = createSelfSignedCertificate();
    const attempt = listen({ at: { unixSocket: path.join(dir, "s.sock") }, tls: { server, clientCertPem: "garbage" }, onConnection: () => undefined, log: silentLogger });
    await expect(attempt).rejects.toThrow(ClientCertificateError);
    await expect(attempt).rejects.toThrow(/PLUGIN_CLIENT_CERT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
