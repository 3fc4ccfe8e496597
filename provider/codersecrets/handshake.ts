/**
 * go-plugin's side of the handshake, as Terraform's client (hashicorp/go-plugin) expects it:
 * magic cookie, protocol version negotiation from PLUGIN_PROTOCOL_VERSIONS, and the single stdout line
 * `1|6|unix|<socket>|grpc|<server cert DER, base64 standard alphabet, no padding>`.
 */

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
export const CORE_PROTOCOL_VERSION = 1;
/** Plugin protocol majors this server speaks. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [6];

/** The process was not started by a plugin client (Terraform or a reattach client). */
export class NotAPluginClientError extends Error {
  constructor() {
    super(
      "This binary is a plugin (the codersecrets Terraform provider). It is not meant to be executed directly.\n" +
        "Terraform starts it: run `terraform init` / `terraform plan` with the provider installed\n" +
        "(see `cdktf-coder-secrets install-provider --help`), or start it with\n" +
        "`cdktf-coder-secrets provider --debug` and export the TF_REATTACH_PROVIDERS value it prints.",
    );
    this.name = "NotAPluginClientError";
  }
}

/** No protocol version in common with the client. */
export class ProtocolVersionError extends Error {
  constructor(readonly offered: string) {
    super(
      `Terraform offered plugin protocol versions "${offered}", but this provider speaks only ` +
        `${SUPPORTED_PROTOCOL_VERSIONS.join(", ")} (tfplugin6, Terraform 1.0 or later; 1.11 or later recommended).`,
    );
    this.name = "ProtocolVersionError";
  }
}

/**
 * Node took options from NODE_OPTIONS before any provider code ran. A `--require`/`--import` hook or `--inspect` in a
 * process that then receives every secret of a plan is what the launcher's `unset` prevents (both installs, also
 * `--standalone`); a provider started some other way cannot drop the variable before node applies it, so it refuses
 * to serve instead. The message never repeats the variable's value.
 */
export class InjectedNodeOptionsError extends Error {
  constructor(message?: string) {
    super(
      message ??
        "NODE_OPTIONS is set in the environment Terraform started the provider with. Rule: the provider never serves " +
          "secrets in a process whose node took options from the environment (a --require or --import hook, or --inspect, " +
          "would see every value); the launcher `install-provider` writes removes NODE_OPTIONS before node starts, so this " +
          "process was started some other way. Fix: unset NODE_OPTIONS where Terraform runs (e.g. the Coder provisioner's " +
          "environment), or let Terraform start the provider through the launcher of `cdktf-coder-secrets install-provider`.",
    );
    this.name = "InjectedNodeOptionsError";
  }
}

/**
 * Variables that load code into the process before any provider code runs: the dynamic loader's (a preloaded or
 * audit library, a library path) and OpenSSL's (a config file can load a provider module; module and engine
 * directories). The launcher unsets them with NODE_OPTIONS; a process started some other way has applied them already.
 */
export const CODE_LOADING_ENV = ["OPENSSL_CONF", "OPENSSL_MODULES", "OPENSSL_ENGINES", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT"] as const;

/** The process started with one of CODE_LOADING_ENV set: refused like NODE_OPTIONS, naming the variables only. */
export class InjectedLoaderEnvError extends InjectedNodeOptionsError {
  constructor(readonly variables: readonly string[]) {
    super(
      `${variables.join(", ")} ${variables.length === 1 ? "is" : "are"} set in the environment Terraform started the provider with. ` +
        "Rule: the provider never serves secrets in a process that the dynamic loader or OpenSSL may have loaded foreign " +
        "code into (a preloaded or audit library, a library path, an OpenSSL config, module or engine directory); the " +
        "launcher `install-provider` writes removes these variables before node starts, so this process was started some " +
        `other way. Fix: unset ${variables.join(" ")} where Terraform runs (e.g. the Coder provisioner's environment), or let ` +
        "Terraform start the provider through the launcher of `cdktf-coder-secrets install-provider`.",
    );
    this.name = "InjectedLoaderEnvError";
  }
}

/**
 * Refuses a process that node started with NODE_OPTIONS, or with a CODE_LOADING_ENV variable (empty counts as unset,
 * as for node and the loader themselves).
 */
export function checkNoNodeOptions(env: NodeJS.ProcessEnv): void {
  if ((env.NODE_OPTIONS ?? "").trim() !== "") throw new InjectedNodeOptionsError();
  const set = CODE_LOADING_ENV.filter((name) => (env[name] ?? "") !== "");
  if (set.length > 0) throw new InjectedLoaderEnvError(set);
}

export function checkMagicCookie(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) throw new NotAPluginClientError();
}

/**
 * PLUGIN_PROTOCOL_VERSIONS is a comma list built from a Go map, so its order is random ("5,6" or "6,5"):
 * take it as a set and pick the highest version both sides speak. Absent means the legacy default.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): number {
  const raw = env.PLUGIN_PROTOCOL_VERSIONS;
  if (raw === undefined || raw.trim() === "") return SUPPORTED_PROTOCOL_VERSIONS[SUPPORTED_PROTOCOL_VERSIONS.length - 1]!;
  const offered = new Set(
    raw
      .split(",")
      .map((s) => Number.parseInt(s.trim(), 10))
      .filter((n) => Number.isInteger(n)),
  );
  const common = SUPPORTED_PROTOCOL_VERSIONS.filter((v) => offered.has(v));
  if (common.length === 0) throw new ProtocolVersionError(raw);
  return Math.max(...common);
}

export interface HandshakeLine {
  readonly protocolVersion: number;
  readonly network: "unix" | "tcp";
  readonly address: string;
  /** Server certificate DER; undefined when serving plaintext (no PLUGIN_CLIENT_CERT). */
  readonly certificateDer?: Buffer;
}

/** base64.RawStdEncoding: standard alphabet, `=` padding stripped (Go rejects padding). */
export function rawStdBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}

export function formatHandshakeLine(h: HandshakeLine): string {
  const cert = h.certificateDer ? rawStdBase64(h.certificateDer) : "";
  return `${CORE_PROTOCOL_VERSION}|${h.protocolVersion}|${h.network}|${h.address}|grpc|${cert}\n`;
}

/** Parses a handshake line the way go-plugin's client does (used by the test client and the debug printer). */
export function parseHandshakeLine(line: string): HandshakeLine {
  const parts = line.trim().split("|");
  if (parts.length < 5) throw new Error(`handshake line has ${parts.length} fields, want at least 5`);
  const [core, version, network, address, protocol, cert] = parts;
  if (core !== String(CORE_PROTOCOL_VERSION)) throw new Error(`unsupported core protocol ${core}`);
  if (protocol !== "grpc") throw new Error(`unsupported protocol ${protocol}`);
  if (network !== "unix" && network !== "tcp") throw new Error(`unsupported network ${network}`);
  return {
    protocolVersion: Number(version),
    network,
    address: address!,
    certificateDer: cert && cert.length > 50 ? Buffer.from(cert, "base64") : undefined,
  };
}
