/**
 * The provider process over the wire, launched and spoken to like Terraform does (test/provider/client):
 * handshake, mTLS, every RPC, diagnostics with attribute paths, unknowns, malformed input, concurrency,
 * StopProvider and shutdown. Canary values are planted and searched for in every output.
 */
import * as grpc from "@grpc/grpc-js";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseHandshakeLine } from "../../provider/codersecrets/handshake";
import { serve } from "../../provider/codersecrets/serve";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";
import type {
  DiagnosticsResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ReadDataSourceResponse,
  StopProviderResponse,
} from "../../provider/codersecrets/protocol/messages";
import { decodeManifestBase64, fingerprint } from "../../lib/core";
import {
  decodeState,
  isUnknownExt,
  launchProvider,
  LaunchedProvider,
  manifestConfig,
  msgpack,
  ProviderClient,
  randomCanary,
  REFINED_UNKNOWN_EXT,
  summarize,
  TERRAFORM_ENV,
  UNKNOWN_EXT,
} from "./client/client";
import { providerBundle } from "./client/bundle";

const CANARY = randomCanary();
const DS = "codersecrets_manifest";

jest.setTimeout(60000);

describe("provider process (protocol client, always runs)", () => {
  let provider: LaunchedProvider;
  let client: ProviderClient;

  beforeAll(async () => {
    await providerBundle();
    provider = await launchProvider({ env: { TF_LOG: "trace" } });
    client = new ProviderClient(provider);
  });

  afterAll(async () => {
    client?.close();
    provider?.kill();
  });

  test("handshake line: 1|6|unix|<socket>|grpc|<unpadded std base64 DER> with SAN localhost", () => {
    const parts = provider.handshakeRaw.trimEnd().split("|");
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 3)).toEqual(["1", "6", "unix"]);
    expect(parts[4]).toBe("grpc");
    expect(parts[5]).toMatch(/^[A-Za-z0-9+/]+$/); // no '=' padding, no URL alphabet
    expect(fs.statSync(parts[3]!).isSocket()).toBe(true);
    const cert = new crypto.X509Certificate(provider.handshake.certificateDer!);
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(provider.stdoutAfterHandshake()).toBe("");
  });

  test("GetProviderSchema: provider block, the data source with its sensitive flags", async () => {
    const res = await client.rpc<GetProviderSchemaResponse>("GetProviderSchema");
    expect(res.provider).toBeDefined();
    expect(res.server_capabilities?.get_provider_schema_optional).toBe(true);
    const block = res.data_source_schemas![DS]!.block;
    const attrs = Object.fromEntries((block.attributes ?? []).map((a) => [a.name, a]));
    const type = (name: string) => JSON.parse(Buffer.from(attrs[name]!.type).toString());
    expect(type("proto_base64")).toBe("string");
    expect(type("env")).toEqual(["map", "string"]);
    expect(attrs.proto_base64).toMatchObject({ computed: true, sensitive: true });
    expect(attrs.json).toMatchObject({ computed: true, sensitive: true });
    expect(attrs.env).toMatchObject({ computed: true, sensitive: true });
    expect(attrs.fingerprints!.computed).toBe(true);
    expect(attrs.fingerprints!.sensitive).toBeFalsy();
    expect(attrs.home_dir).toMatchObject({ optional: true });
    expect(attrs.id).toMatchObject({ computed: true });
    const secret = block.block_types!.find((b) => b.type_name === "secret")!;
    expect(secret.nesting).toBe(2); // LIST
    const inner = Object.fromEntries((secret.block.attributes ?? []).map((a) => [a.name, a]));
    expect(inner.value).toMatchObject({ required: true, sensitive: true });
    expect(inner.env_name).toMatchObject({ optional: true });
    expect(inner.file_path).toMatchObject({ optional: true });
  });

  test("GetMetadata, ValidateProviderConfig, ConfigureProvider, GetFunctions, GetResourceIdentitySchemas", async () => {
    const meta = await client.rpc<GetMetadataResponse>("GetMetadata");
    expect(meta.data_sources).toEqual([{ type_name: DS }]);
    expect((await client.rpc<DiagnosticsResponse>("ValidateProviderConfig", { config: msgpack({}) })).diagnostics).toBeUndefined();
    const configured = await client.rpc<DiagnosticsResponse>("ConfigureProvider", {
      terraform_version: "1.11.4",
      config: msgpack({}),
      client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true },
    });
    expect(configured.diagnostics).toBeUndefined();
    await expect(client.rpc("GetFunctions")).resolves.toEqual({});
    await expect(client.rpc("GetResourceIdentitySchemas")).resolves.toEqual({});
  });

  test("RPCs we do not serve answer UNIMPLEMENTED and the server keeps serving", async () => {
    await expect(
      client.callRaw("/tfplugin6.Provider/PlanResourceChange", Buffer.alloc(0), "tfplugin6.GetFunctions.Response"),
    ).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    await expect(client.rpc("GetMetadata")).resolves.toBeDefined();
  });

  test("ReadDataSource with known values: every output form, config echoed back", async () => {
    const config = manifestConfig([
      { env_name: "API_TOKEN", value: CANARY },
      { file_path: "~/.ssh/id_ed25519", value: `${CANARY}-key` },
      { env_name: "BOTH", file_path: "/etc/app/token", value: "plain" },
    ]);
    const res = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config: msgpack(config) });
    expect(summarize(res.diagnostics)).toEqual([]);
    const state = decodeState(res.state) as Record<string, unknown>;
    expect(state.secret).toEqual(config.secret);
    expect(state.home_dir).toBeNull();
    expect(state.env).toEqual({ API_TOKEN: CANARY, BOTH: "plain" });
    expect(state.fingerprints).toEqual({
      "env:API_TOKEN": fingerprint(CANARY),
      "file:~/.ssh/id_ed25519": fingerprint(`${CANARY}-key`),
      "env:BOTH": fingerprint("plain"),
      "file:/etc/app/token": fingerprint("plain"),
    });
    const decoded = decodeManifestBase64(state.proto_base64 as string);
    expect(decoded.map((s) => [s.envName, s.filePath, Buffer.from(s.value).toString()])).toEqual([
      ["API_TOKEN", "", CANARY],
      ["", "~/.ssh/id_ed25519", `${CANARY}-key`],
      ["BOTH", "/etc/app/token", "plain"],
    ]);
    expect(state.proto_base64 as string).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    expect(JSON.parse(state.json as string)).toEqual([
      { env_name: "API_TOKEN", file_path: "", value: Buffer.from(CANARY).toString("base64") },
      { env_name: "", file_path: "~/.ssh/id_ed25519", value: Buffer.from(`${CANARY}-key`).toString("base64") },
      { env_name: "BOTH", file_path: "/etc/app/token", value: Buffer.from("plain").toString("base64") },
    ]);
    expect(state.id).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  test("ReadDataSource with unknown values: unknown outputs, known parts kept (ext 0 and refined ext 12)", async () => {
    const config = manifestConfig([
      { env_name: "KNOWN", value: CANARY },
      { env_name: "LATER", value: UNKNOWN_EXT },
      { file_path: "~/f", value: REFINED_UNKNOWN_EXT },
    ]);
    const res = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config: msgpack(config) });
    expect(summarize(res.diagnostics)).toEqual([]);
    const raw = Buffer.from(res.state!.msgpack!);
    expect(raw.includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true); // cty's unknown encoding
    const state = decodeState(res.state) as Record<string, unknown>;
    for (const k of ["id", "proto_base64", "json"]) expect(isUnknownExt(state[k])).toBe(true);
    const env = state.env as Record<string, unknown>;
    expect(env.KNOWN).toBe(CANARY);
    expect(isUnknownExt(env.LATER)).toBe(true);
    const fps = state.fingerprints as Record<string, unknown>;
    expect(fps["env:KNOWN"]).toBe(fingerprint(CANARY));
    expect(isUnknownExt(fps["file:~/f"])).toBe(true);

    const whole = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config: msgpack(manifestConfig(UNKNOWN_EXT)) });
    const s2 = decodeState(whole.state) as Record<string, unknown>;
    for (const k of ["id", "proto_base64", "json", "env", "fingerprints", "secret"]) expect(isUnknownExt(s2[k])).toBe(true);

    const unknownTarget = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
      type_name: DS,
      config: msgpack(manifestConfig([{ env_name: UNKNOWN_EXT, value: "x" }])),
    });
    const s3 = decodeState(unknownTarget.state) as Record<string, unknown>;
    expect(isUnknownExt(s3.env)).toBe(true);
    expect(isUnknownExt(s3.fingerprints)).toBe(true);
  });

  test("ValidateDataResourceConfig: known problems reported, unknown fields not judged", async () => {
    const ok = await client.rpc<DiagnosticsResponse>("ValidateDataResourceConfig", {
      type_name: DS,
      config: msgpack(manifestConfig([{ env_name: UNKNOWN_EXT, value: UNKNOWN_EXT }, { env_name: "FINE", value: UNKNOWN_EXT }])),
    });
    expect(summarize(ok.diagnostics)).toEqual([]);
    const bad = await client.rpc<DiagnosticsResponse>("ValidateDataResourceConfig", {
      type_name: DS,
      config: msgpack(manifestConfig([{ env_name: "PATH", value: UNKNOWN_EXT }, { file_path: UNKNOWN_EXT, value: CANARY }])),
    });
    expect(summarize(bad.diagnostics).map((d) => [d.severity, d.path, d.summary])).toEqual([[1, "secret[0].env_name", "Reserved secret env_name"]]);
  });

  test("every rule diagnostic through the wire: severity, summary, attribute path, no value", async () => {
    const big = "x".repeat(24 * 1024 + 1);
    const cases: { secrets: Parameters<typeof manifestConfig>[0]; home?: string; expect: [number, string, string][] }[] = [
      { secrets: [{ env_name: "1BAD", value: CANARY }], expect: [[1, "secret[0].env_name", "env_name.syntax"]] },
      { secrets: [{ env_name: "HOME", value: CANARY }], expect: [[1, "secret[0].env_name", "env_name.reserved"]] },
      { secrets: [{ env_name: "CODER_AGENT_TOKEN", value: CANARY }], expect: [[1, "secret[0].env_name", "env_name.coder_reserved"]] },
      { secrets: [{ env_name: "LD_PRELOAD", value: CANARY }], expect: [[1, "secret[0].env_name", "env_name.reserved_prefix"]] },
      { secrets: [{ env_name: "A".repeat(257), value: CANARY }], expect: [[1, "secret[0].env_name", "env_name.too_long"]] },
      { secrets: [{ file_path: "relative/p", value: CANARY }], expect: [[1, "secret[0].file_path", "file_path.prefix"]] },
      { secrets: [{ file_path: "/x/\u0000y", value: CANARY }], expect: [[1, "secret[0].file_path", "file_path.nul"]] },
      { secrets: [{ file_path: `/${"p".repeat(4100)}`, value: CANARY }], expect: [[1, "secret[0].file_path", "file_path.too_long"]] },
      { secrets: [{ value: CANARY }], expect: [[1, "secret[0]", "secret.no_target"]] },
      { secrets: [{ file_path: "/big", value: big }], expect: [[1, "secret[0].value", "value.too_large"]] },
      {
        secrets: [{ env_name: "DUP", value: CANARY }, { env_name: "DUP", value: CANARY }],
        expect: [[1, "secret[1].env_name", "set.duplicate_env"]],
      },
      {
        secrets: [{ file_path: "/d", value: CANARY }, { file_path: "/d", value: CANARY }],
        expect: [[1, "secret[1].file_path", "set.duplicate_file"]],
      },
      {
        secrets: [{ file_path: "~/x", value: CANARY }, { file_path: "/home/coder/x", value: CANARY }],
        expect: [[2, "secret[1].file_path", "set.path_collision"]],
      },
      {
        secrets: [{ file_path: "~/x", value: CANARY }, { file_path: "/home/dev/x", value: CANARY }],
        home: "/home/dev",
        expect: [[2, "secret[1].file_path", "set.path_collision"]],
      },
      { secrets: [{ env_name: "DOLLAR", value: `a$HOME${CANARY}` }], expect: [[2, "secret[0].value", "env.dollar_expansion"]] },
      {
        secrets: Array.from({ length: 51 }, (_, i) => ({ env_name: `S${i}`, value: CANARY })),
        expect: [[1, "secret", "set.count"]],
      },
      {
        secrets: Array.from({ length: 9 }, (_, i) => ({ file_path: `/f${i}`, value: "y".repeat(24 * 1024) })),
        expect: [[1, "secret", "set.total_bytes"]],
      },
      {
        secrets: [{ env_name: "E1", value: "y".repeat(13 * 1024) }, { env_name: "E2", value: "y".repeat(13 * 1024) }],
        expect: [[1, "secret", "set.env_bytes"]],
      },
    ];
    for (const c of cases) {
      const config = msgpack(manifestConfig(c.secrets, c.home ?? null));
      for (const rpc of ["ValidateDataResourceConfig", "ReadDataSource"]) {
        const res = await client.rpc<ReadDataSourceResponse>(rpc, { type_name: DS, config });
        const got = summarize(res.diagnostics).map((d) => [d.severity, d.path, d.detail.match(/\(rule ([a-z_.]+)\)/)?.[1] ?? d.summary]);
        // Warnings alone are ReadDataSource's (plan calls validation twice before it reads: one diagnostic per finding).
        const want = rpc === "ValidateDataResourceConfig" && !c.expect.some(([sev]) => sev === 1) ? [] : c.expect;
        expect({ rule: c.expect[0]![2], rpc, got }).toEqual({ rule: c.expect[0]![2], rpc, got: want });
        for (const d of res.diagnostics ?? []) expect(JSON.stringify(d)).not.toContain("CANARY");
        if (c.expect.some(([sev]) => sev === 1)) expect(res.state).toBeUndefined();
      }
    }
  });

  test("type and encoding problems are diagnostics, never crashes", async () => {
    const wrongType = await client.rpc<DiagnosticsResponse>("ValidateDataResourceConfig", {
      type_name: DS,
      config: msgpack({ ...manifestConfig([]), secret: [{ env_name: 42n ** 20n, file_path: null, value: "v" }] }),
    });
    expect(summarize(wrongType.diagnostics).map((d) => d.path)).toEqual(["secret[0].env_name"]);
    const missing = await client.rpc<DiagnosticsResponse>("ReadDataSource", {
      type_name: DS,
      config: msgpack(manifestConfig([{ env_name: "A", value: null }])),
    });
    expect(summarize(missing.diagnostics).map((d) => [d.path, d.summary])).toEqual([["secret[0].value", "Missing required argument"]]);
    const badHome = await client.rpc<DiagnosticsResponse>("ReadDataSource", {
      type_name: DS,
      config: msgpack(manifestConfig([{ env_name: "A", value: "v" }], "relative")),
    });
    expect(summarize(badHome.diagnostics).map((d) => d.path)).toEqual(["home_dir"]);

    const malformed = [
      Buffer.from([0xc1]), // never-used byte
      Buffer.from([0x82, 0xa5]), // truncated
      Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]), // array32 claiming 4G items
      Buffer.concat([Buffer.from("\x81\xa6secret", "latin1"), Buffer.alloc(200, 0x91), Buffer.from([0xc0])]), // deep nesting
      Buffer.from([0x93, 0x01, 0x02]), // a list where an object belongs
      Buffer.from(`\x81\xa6secret\x91\x81\xa5value\xa9${CANARY.slice(0, 9)}trailing`, "latin1"), // extra bytes
    ];
    for (const bytes of malformed) {
      for (const rpc of ["ValidateDataResourceConfig", "ReadDataSource", "ValidateProviderConfig", "ConfigureProvider"]) {
        const req = rpc.includes("Provider") ? { config: { msgpack: bytes } } : { type_name: DS, config: { msgpack: bytes } };
        const res = await client.rpc<DiagnosticsResponse>(rpc, req);
        if (rpc.includes("Data")) expect(summarize(res.diagnostics).some((d) => d.severity === 1)).toBe(true);
        expect(JSON.stringify(res)).not.toContain("CANARY");
      }
    }
    const json = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
      type_name: DS,
      config: { json: Buffer.from(JSON.stringify(manifestConfig([{ env_name: "J", value: "v" }]))) },
    });
    expect((decodeState(json.state) as Record<string, unknown>).env).toEqual({ J: "v" });
    const wrongTypeName = await client.rpc<DiagnosticsResponse>("ReadDataSource", { type_name: "nope", config: msgpack({}) });
    expect(summarize(wrongTypeName.diagnostics)[0]!.summary).toBe("Unknown data source type");
    // Malformed protobuf: grpc-level error, server alive.
    await expect(
      client.callRaw("/tfplugin6.Provider/ReadDataSource", Buffer.from([0x12, 0xff, 0x01]), "tfplugin6.ReadDataSource.Response"),
    ).rejects.toMatchObject({ code: expect.any(Number) });
    await expect(client.rpc("GetMetadata")).resolves.toBeDefined();
  });

  test("100 concurrent ReadDataSource calls are all answered correctly", async () => {
    const calls = Array.from({ length: 100 }, (_, i) =>
      client.rpc<ReadDataSourceResponse>("ReadDataSource", {
        type_name: DS,
        config: msgpack(manifestConfig([{ env_name: `N${i}`, value: `${CANARY}-${i}` }])),
      }),
    );
    const results = await Promise.all(calls);
    results.forEach((r, i) => expect((decodeState(r.state) as Record<string, unknown>).env).toEqual({ [`N${i}`]: `${CANARY}-${i}` }));
  });

  test("the trace log names RPCs and never holds a value", () => {
    const log = provider.stderr();
    expect(log).toContain('"@message":"rpc start"');
    expect(log).toContain("ReadDataSource");
    for (const line of log.trim().split("\n")) {
      const entry = JSON.parse(line) as Record<string, string>;
      expect(entry["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(log).not.toContain("CANARY");
    expect(log).not.toContain(CANARY.slice(7));
  });

  test("Shutdown: replies, then the process exits promptly with 0 and removes its socket", async () => {
    const exited = provider.exited();
    const t0 = performance.now();
    await client.shutdown();
    const { code } = await exited;
    const ms = performance.now() - t0;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(1000);
    expect(fs.existsSync(provider.handshake.address)).toBe(false);
    expect(fs.existsSync(path.dirname(provider.handshake.address))).toBe(false);
  });
});

describe("mTLS: only the client holding PLUGIN_CLIENT_CERT's key gets in", () => {
  let provider: LaunchedProvider;
  beforeAll(async () => {
    provider = await launchProvider();
  });
  afterAll(() => provider?.kill());

  const attempt = async (client: ProviderClient) => {
    try {
      return await client.rpc("GetMetadata", {}, 3000);
    } finally {
      client.close();
    }
  };

  test("a client with another certificate is refused", async () => {
    const other = createSelfSignedCertificate({ curve: "P-521" });
    await expect(attempt(new ProviderClient(provider, { kind: "cert", cert: other }))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  test("a client with no certificate is refused", async () => {
    await expect(attempt(new ProviderClient(provider, { kind: "none" }))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  test("a plaintext client is refused", async () => {
    await expect(attempt(new ProviderClient(provider, { kind: "plaintext" }))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  test("the right client still gets in", async () => {
    await expect(attempt(new ProviderClient(provider))).resolves.toBeDefined();
  });
});

describe("process behaviour", () => {
  test("run by hand (no magic cookie): explanation on stderr, nothing on stdout, exit 1", async () => {
    const r = spawnSync(process.execPath, [await providerBundle()], { env: { PATH: process.env.PATH }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("This binary is a plugin");
  });

  test("no common protocol version: clear error, exit 1", async () => {
    const r = spawnSync(process.execPath, [await providerBundle()], {
      env: { PATH: process.env.PATH, ...TERRAFORM_ENV, PLUGIN_PROTOCOL_VERSIONS: "4,5" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('offered plugin protocol versions "4,5"');
    // The reason is also the one stdout line, which go-plugin quotes in Terraform's error; it can never parse as a handshake.
    expect(r.stdout).toMatch(/^codersecrets provider failed to start: Terraform offered plugin protocol versions "4,5"[^\n|]*\n$/);
  });

  test("started with NODE_OPTIONS (not through the launcher, which drops it): refuses before the handshake, says why", async () => {
    const os = await import("os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-options-"));
    const marker = path.join(dir, "hook-ran");
    const hook = path.join(dir, `${CANARY}.js`);
    fs.writeFileSync(hook, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");`);
    try {
      const r = spawnSync(process.execPath, [await providerBundle()], {
        env: { PATH: process.env.PATH, ...TERRAFORM_ENV, PLUGIN_PROTOCOL_VERSIONS: "6", NODE_OPTIONS: `--require ${hook}` },
        encoding: "utf8",
      });
      expect(fs.existsSync(marker)).toBe(true); // node ran the hook before any provider code: hence the refusal
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^codersecrets provider failed to start: NODE_OPTIONS is set [^\n|]*Fix: unset NODE_OPTIONS[^\n|]*\n$/);
      expect(r.stderr).toMatch(/^NODE_OPTIONS is set/);
      expect(r.stdout + r.stderr).not.toContain(CANARY);
      await expect(launchProvider({ env: { NODE_OPTIONS: `--require ${hook}` } })).rejects.toThrow(/unrecognized plugin message: codersecrets provider failed to start: NODE_OPTIONS is set/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("plaintext when PLUGIN_CLIENT_CERT is absent (TF_DISABLE_PLUGIN_TLS): empty cert field", async () => {
    const provider = await launchProvider({ tls: false });
    try {
      expect(provider.handshakeRaw.endsWith("|grpc|\n")).toBe(true);
      const client = new ProviderClient(provider);
      await expect(client.rpc("GetMetadata")).resolves.toBeDefined();
      client.close();
    } finally {
      provider.kill();
    }
  });

  test("a socket directory too long for a unix socket path: loopback TCP, still mTLS", async () => {
    const os = await import("os");
    const deep = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "long-")), "d".repeat(60), "e".repeat(40));
    fs.mkdirSync(deep, { recursive: true });
    const provider = await launchProvider({ env: { PLUGIN_UNIX_SOCKET_DIR: deep } });
    const client = new ProviderClient(provider);
    try {
      expect(provider.handshake.network).toBe("tcp");
      expect(provider.handshake.address).toMatch(/^127\.0\.0\.1:\d+$/);
      await expect(client.rpc("GetMetadata")).resolves.toBeDefined();
      const exited = provider.exited();
      await client.shutdown();
      expect((await exited).code).toBe(0);
      expect(fs.readdirSync(deep)).toEqual([]);
    } finally {
      client.close();
      provider.kill();
    }
  });

  test("SIGINT is ignored; SIGTERM exits", async () => {
    const provider = await launchProvider();
    const client = new ProviderClient(provider);
    provider.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.rpc("GetMetadata")).resolves.toBeDefined();
    const exited = provider.exited();
    provider.child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
    client.close();
  });

  test("exits on its own when its parent (Terraform) dies without a Shutdown (no orphans)", async () => {
    const os = await import("os");

    const { spawn } = await import("child_process");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orphan-"));
    const out = path.join(dir, "out");
    const cert = createSelfSignedCertificate({ curve: "P-521" });
    const parent = spawn("sh", ["-c", `"$NODE" "$BUNDLE" > "$OUT" 2>&1 & echo $!; wait`], {
      env: { PATH: process.env.PATH, NODE: process.execPath, BUNDLE: await providerBundle(), OUT: out, ...TERRAFORM_ENV, PLUGIN_PROTOCOL_VERSIONS: "6", PLUGIN_CLIENT_CERT: cert.certPem },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
    // A zombie has exited (reaping is PID 1's business, and slow in some containers).
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return true;
      }
    };
    const until = async (cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      return cond();
    };
    try {
      expect(await until(() => fs.existsSync(out) && fs.readFileSync(out, "utf8").includes("|grpc|"), 10000)).toBe(true);
      parent.kill("SIGKILL");
      const t0 = performance.now();
      expect(await until(() => !alive(), 3000)).toBe(true);
      expect(performance.now() - t0).toBeLessThan(1500); // the watch polls every 500 ms
    } finally {
      if (alive()) process.kill(pid, "SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("StopProvider aborts reads in flight with a diagnostic; later reads work", async () => {
    // In process, with serve()'s test-only read delay (the provider process has no such switch).
    const cert = createSelfSignedCertificate({ curve: "P-521" });
    const serving = await serve({
      env: { ...TERRAFORM_ENV, PLUGIN_PROTOCOL_VERSIONS: "6", PLUGIN_CLIENT_CERT: cert.certPem },
      stdout: () => undefined,
      stderr: () => undefined,
      onExit: () => undefined,
      readDelayMs: 3000,
    });
    const provider = { handshake: parseHandshakeLine(serving.handshakeLine), clientCert: cert } as unknown as LaunchedProvider;
    const client = new ProviderClient(provider);
    try {
      const config = msgpack(manifestConfig([{ env_name: "A", value: CANARY }]));
      const t0 = performance.now();
      const inFlight = Array.from({ length: 5 }, () => client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config }));
      await new Promise((r) => setTimeout(r, 300));
      const stop = await client.rpc<StopProviderResponse>("StopProvider");
      expect(stop.Error ?? "").toBe("");
      const results = await Promise.all(inFlight);
      expect(performance.now() - t0).toBeLessThan(2000); // not the 3 s delay
      for (const r of results) {
        expect(r.state).toBeUndefined();
        expect(summarize(r.diagnostics).map((d) => [d.severity, d.summary])).toEqual([[1, "Provider stopped"]]);
      }
      // Calls made after StopProvider get a fresh signal (and the 3 s test delay).
      const after = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config }, 15000);
      expect((decodeState(after.state) as Record<string, unknown>).env).toEqual({ A: CANARY });
    } finally {
      client.close();
      await serving.shutdown("test done");
    }
  });

  test("the provider process reads no test switch from its environment (the read delay is a serve() option)", async () => {
    const provider = await launchProvider({ env: { CODERSECRETS_TEST_READ_DELAY_MS: "5000" } });
    const client = new ProviderClient(provider);
    try {
      const config = msgpack(manifestConfig([{ env_name: "A", value: CANARY }]));
      const read = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config }, 2000);
      expect((decodeState(read.state) as Record<string, unknown>).env).toEqual({ A: CANARY });
    } finally {
      client.close();
      provider.kill();
    }
  });

  test("debug mode prints TF_REATTACH_PROVIDERS and serves plaintext", async () => {
    const { spawn } = await import("child_process");
    const child = spawn(process.execPath, [await providerBundle(), "--debug"], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      const value = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no reattach line")), 10000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = out.match(/TF_REATTACH_PROVIDERS='([^']+)'/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const parsed = JSON.parse(value) as Record<string, { Protocol: string; ProtocolVersion: number; Pid: number; Addr: { Network: string; String: string } }>;
      const entry = parsed["registry.terraform.io/cdktf-coder/codersecrets"]!;
      expect(entry).toMatchObject({ Protocol: "grpc", ProtocolVersion: 6, Pid: child.pid, Addr: { Network: "unix" } });
      const launched = { handshake: { protocolVersion: 6, network: "unix" as const, address: entry.Addr.String }, clientCert: undefined } as unknown as LaunchedProvider;
      const client = new ProviderClient(launched, { kind: "plaintext" });
      await expect(client.rpc("GetProviderSchema")).resolves.toHaveProperty("provider");
      client.close();
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
