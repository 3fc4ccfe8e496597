/** listener.ts on its own: refusing to start without a certificate to pin (reading PEM: pem.test.ts). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ClientCertificateError, listen } from "../../provider/codersecrets/listener";
import { silentLogger } from "../../provider/codersecrets/log";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";

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
