/**
 * The provider's listening socket and its transport security, in front of grpc-js: go-plugin's AutoMTLS, with the
 * client certificate that Terraform hands over in PLUGIN_CLIENT_CERT pinned, and every accepted connection passed
 * to grpc-js through its connection injector (grpc-js then speaks HTTP/2 on the decrypted stream).
 *
 * Why not grpc-js's own TLS (`ServerCredentials.createSsl(clientCert, …, true)`): a secure context given any `ca`
 * makes node 20 build a private copy of its bundled root store (every root certificate parsed from PEM), a large
 * part of a start, paid on each of the 3 launches of a plan (bench/README.md). The pin is at least as strict as
 * go-plugin's own check (`ClientCAs` holding only that self-signed certificate): only the very certificate is
 * accepted, and the TLS handshake still proves the client holds its private key (the CertificateVerify signature is
 * checked by OpenSSL whatever the chain verdict).
 */
import type { Duplex } from "stream";
import * as net from "net";
import * as tls from "tls";
import type { Logger } from "./log";
import { pemDecode } from "./tls/pem";

export interface ServerIdentity {
  readonly keyPem: string;
  readonly certPem: string;
}

export interface ListenOptions {
  /** A unix socket path, or `{ tcpPort: 0 }` for an ephemeral loopback TCP port. */
  readonly at: { readonly unixSocket: string } | { readonly tcpPort: number };
  /** mTLS: our certificate and the client certificate(s) to accept, PEM. Without it: plaintext (reattach mode, TF_DISABLE_PLUGIN_TLS). */
  readonly tls?: { readonly server: ServerIdentity; readonly clientCertPem: string };
  /** Called with each accepted connection (after the pin check for mTLS). */
  readonly onConnection: (connection: Duplex) => void;
  readonly log: Logger;
}

export interface Listener {
  readonly server: net.Server;
  /** The socket path, or `127.0.0.1:<port>`. */
  readonly address: string;
  readonly network: "unix" | "tcp";
  close(): void;
}

/** PLUGIN_CLIENT_CERT did not hold a PEM certificate. */
export class ClientCertificateError extends Error {
  constructor() {
    super("PLUGIN_CLIENT_CERT holds no PEM certificate (go-plugin sends the client's self-signed certificate there)");
    this.name = "ClientCertificateError";
  }
}

/** True when the peer presented exactly one of the pinned certificates. */
export function presentsPinnedCertificate(socket: tls.TLSSocket, pinned: readonly Buffer[]): boolean {
  const peer = socket.getPeerCertificate(false) as Partial<tls.PeerCertificate> | null;
  const raw = peer?.raw;
  return Buffer.isBuffer(raw) && pinned.some((der) => der.equals(raw));
}

function createServer(options: ListenOptions): net.Server {
  const { log } = options;
  if (!options.tls) return net.createServer((socket) => options.onConnection(socket));
  const pinned = pemDecode("CERTIFICATE", options.tls.clientCertPem);
  if (pinned.length === 0) throw new ClientCertificateError();
  const server = tls.createServer(
    {
      key: options.tls.server.keyPem,
      cert: options.tls.server.certPem,
      // Ask for a certificate, judge it ourselves: there is no CA, only the one certificate Terraform made.
      requestCert: true,
      rejectUnauthorized: false,
      ALPNProtocols: ["h2"],
      minVersion: "TLSv1.2",
    },
    (socket) => {
      if (!presentsPinnedCertificate(socket, pinned)) {
        log.warn("refused a connection: its client certificate is not the one in PLUGIN_CLIENT_CERT");
        socket.destroy();
        return;
      }
      options.onConnection(socket);
    },
  );
  // A failed handshake (plaintext, no certificate the client would trust) is the client's problem; say so, briefly.
  server.on("tlsClientError", (err: Error & { code?: string }) => log.debug("TLS handshake failed", { error: err.code ?? err.name }));
  return server;
}

export async function listen(options: ListenOptions): Promise<Listener> {
  const server = createServer(options);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const onListening = (): void => {
      server.off("error", reject);
      const bound = server.address();
      const tcp = typeof bound === "object" && bound !== null;
      resolve({
        server,
        address: tcp ? `127.0.0.1:${bound.port}` : String(bound),
        network: tcp ? "tcp" : "unix",
        close: () => server.close(),
      });
    };
    if ("unixSocket" in options.at) server.listen(options.at.unixSocket, onListening);
    else server.listen(options.at.tcpPort, "127.0.0.1", onListening);
  });
}
