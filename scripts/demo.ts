/**
 * `npm run demo`: the main job end to end, offline.
 *   1. synthesize every example template (examples/main.ts)
 *   2. install the bridge provider into a temporary filesystem mirror and start it through its real plugin handshake
 *      (AutoMTLS, as Terraform does)
 *   3. resolve each template's dynamic secrets with ReadDataSource — the values other providers would produce at
 *      apply time (a Twilio key, a TLS private key, a Terraform variable) are stood in by demo values, and said so
 *   4. deliver each agent's file secrets into a temporary home, once with the Node injector and once with the
 *      synthesized `coder_script` under /bin/sh, and compare the two
 *   5. print a value-free summary
 * Exit status ≠ 0 on any failure, with the reason. The demo checks its own output for every demo value it made.
 */
import { spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { decode, encode } from "@msgpack/msgpack";
import { App } from "cdktf";
import { buildExamples } from "../examples/main";
import { decodeManifestBase64, fingerprint, ManifestSecret } from "../lib/core";
import { DEFAULT_MANIFEST_ENV_VAR } from "../lib/constructs/agent";
import { injectManifest, readManifestEnv, STATE_DIR_NAME } from "../lib/inject";
import { launchProvider, ProviderClient } from "../provider/codersecrets/client";
import { evaluateTerraformString, ExpressionError } from "./expression";
import { installProvider } from "../provider/codersecrets/install/mirror";
import type { Diagnostic, ReadDataSourceResponse } from "../provider/codersecrets/protocol/messages";

type Json = Record<string, unknown>;

class DemoError extends Error {}

const printed: string[] = [];
function say(line = ""): void {
  printed.push(line);
  process.stdout.write(`${line}\n`);
}
function step(n: number, text: string): void {
  say(`[${n}/5] ${text}`);
}

const demoValues = new Map<string, string>();

/** A demo stand-in for a value another provider would produce at apply time; stable per expression. */
function standIn(expression: string): string {
  const known = demoValues.get(expression);
  if (known !== undefined) return known;
  const value = /private_key/.test(expression)
    ? (generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string)
    : `demo-${randomBytes(18).toString("base64url")}`;
  demoValues.set(expression, value);
  return value;
}

/**
 * A secret's value from the synthesized JSON: references are stood in ({@link standIn}, said once each) and a composed
 * expression (a file format built with format()/urlencode()/jsonencode() over a reference) is evaluated over them, so
 * the delivered file has its real shape.
 */
function resolveValue(dataSource: string, target: string, raw: string): string {
  const said = new Set<string>();
  let value: string;
  try {
    value = evaluateTerraformString(raw, (reference) => {
      const v = standIn(reference);
      if (!said.has(reference)) say(`      stand-in: ${reference} -> demo value (${Buffer.byteLength(v)} bytes; another provider makes it at apply time)`);
      said.add(reference);
      return v;
    });
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    throw new DemoError(`data.codersecrets_manifest.${dataSource} (${target}): ${e.message}`);
  }
  const bare = said.size === 1 && raw === `\${${[...said][0]}}`;
  if (said.size > 0 && !bare) say(`      evaluated: ${target} = the template's expression over the stand-in (${Buffer.byteLength(value)} bytes)`);
  return value;
}

function severity(d: Diagnostic): string {
  return d.severity === 1 ? "error" : d.severity === 2 ? "warning" : "note";
}

interface Resolved {
  readonly name: string;
  readonly protoBase64: string;
  readonly env: Record<string, string>;
  readonly fingerprints: Record<string, string>;
  readonly diagnostics: string[];
}

interface StackSummary {
  readonly name: string;
  readonly agents: string[];
  readonly secrets: string[];
  readonly files: string[];
  readonly lint: string[];
}

async function resolveManifest(client: ProviderClient, name: string, body: Json): Promise<Resolved> {
  const blocks = (body.secret as Json[] | undefined) ?? [];
  const secret = blocks.map((b) => {
    const raw = String(b.value ?? "");
    const target = (b.env_name as string | undefined) ?? (b.file_path as string | undefined) ?? "?";
    const value = resolveValue(name, target, raw);
    return { env_name: (b.env_name as string | undefined) ?? null, file_path: (b.file_path as string | undefined) ?? null, value };
  });
  const config = { msgpack: Buffer.from(encode({ id: null, home_dir: body.home_dir ?? null, secret, proto_base64: null, json: null, env: null, fingerprints: null })) };
  const validate = await client.rpc<{ diagnostics?: Diagnostic[] }>("ValidateDataResourceConfig", { type_name: "codersecrets_manifest", config });
  const read = await client.rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: "codersecrets_manifest", config });
  const diagnostics = [...(validate.diagnostics ?? []), ...(read.diagnostics ?? [])].map((d) => `${severity(d)}: ${d.summary ?? ""}`);
  if (diagnostics.some((d) => d.startsWith("error"))) throw new DemoError(`data.codersecrets_manifest.${name}: ${diagnostics.join("; ")}`);
  if (!read.state?.msgpack) throw new DemoError(`data.codersecrets_manifest.${name}: ReadDataSource returned no state`);
  const state = decode(read.state.msgpack) as { proto_base64: string; env: Record<string, string> | null; fingerprints: Record<string, string> | null };
  return { name, protoBase64: state.proto_base64, env: state.env ?? {}, fingerprints: state.fingerprints ?? {}, diagnostics };
}

/** `${data.codersecrets_manifest.X.proto_base64}` and `${data.codersecrets_manifest.X.env.NAME}` (or `env["NAME"]`). */
function resolveReference(expr: string, resolved: Map<string, Resolved>): string | undefined {
  const m = /^\$\{data\.codersecrets_manifest\.([\w-]+)\.(proto_base64|env\.(\w+)|env\["(\w+)"\])\}$/.exec(expr);
  if (!m) return undefined;
  const r = resolved.get(m[1]);
  if (!r) throw new DemoError(`${expr} refers to a data source the stack does not have`);
  return m[2] === "proto_base64" ? r.protoBase64 : r.env[m[3] ?? m[4]];
}

function mode(p: string): string {
  return `0${(fs.statSync(p).mode & 0o777).toString(8)}`;
}

/** Where both injectors keep their state under a home (no XDG_STATE_HOME in the demo). */
const STATE_DIR = path.join(".local", "state", STATE_DIR_NAME);

/** The state file with the home's hex replaced, so the states of two homes compare; undefined when there is none. */
function stateOf(home: string): string | undefined {
  const file = path.join(home, STATE_DIR, `${DEFAULT_MANIFEST_ENV_VAR}.state`);
  if (!fs.existsSync(file)) return undefined;
  return `${mode(file)} ${fs.readFileSync(file, "latin1").split(Buffer.from(home).toString("hex")).join("HOME")}`;
}

/** Mode and hash of every file under `home`, without the injectors' state directory (it names each home's own paths). */
function treeDigest(home: string): Map<string, string> {
  const out = new Map<string, string>();
  const stateDir = path.join(home, STATE_DIR);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (p === stateDir) continue;
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(home, p), `${mode(p)} ${createHash("sha256").update(fs.readFileSync(p)).digest("hex")}`);
    }
  };
  if (fs.existsSync(home)) walk(home);
  return out;
}

/** Runs a synthesized coder_script the way the agent does (`sh -c`, agent env), in a temporary home. */
function runCoderScript(where: string, script: Json, home: string, agentEnv: Record<string, string>): void {
  const text = String(script.script).replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  const run = spawnSync("/bin/sh", ["-c", text], { env: { PATH: process.env.PATH, HOME: home, ...agentEnv }, encoding: "utf8", timeout: 60_000 });
  const label = `coder_script "${String(script.display_name)}"`;
  for (const line of `${run.stdout}${run.stderr}`.split("\n").filter(Boolean)) say(`      ${label}: ${line}`);
  say(`   ${where}: ${label} exited ${run.status}${run.status !== 0 ? " (expected here: the demo sets no user secrets, so a required one is reported missing)" : ""}`);
}

/** What `git credential fill` answers for each host a script gave a credential helper in `home` (fingerprints only). */
function showGitCredentials(where: string, home: string): void {
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
  const helpers = spawnSync("git", ["config", "--global", "--get-regexp", "^credential\\..*\\.helper$"], { env, encoding: "utf8" });
  for (const line of helpers.stdout?.split("\n").filter(Boolean) ?? []) {
    const url = /^credential\.(https:\/\/[^ ]+)\.helper /.exec(line)?.[1];
    if (url === undefined) continue;
    const fill = spawnSync("git", ["credential", "fill"], { env, encoding: "utf8", input: `url=${url}\n\n` });
    const field = (k: string) => new RegExp(`^${k}=(.*)$`, "m").exec(fill.stdout ?? "")?.[1];
    const password = field("password");
    if (fill.status !== 0 || password === undefined) throw new DemoError(`${where}: git has no credential for ${url} after the git credential step`);
    say(`   ${where}: git credential fill for ${url}: username ${field("username")}, password ${fingerprint(password)} (the delivered token: git over HTTPS works)`);
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-coder-secrets-demo-"));
  const summaries: StackSummary[] = [];
  let launched: Awaited<ReturnType<typeof launchProvider>> | undefined;
  let client: ProviderClient | undefined;
  try {
    step(1, "synthesizing the example templates");
    const outdir = path.join(work, "cdktf.out");
    const app = new App({ outdir, stackTraces: false });
    buildExamples(app);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string; annotations: { level: string; message: string; constructPath: string }[] }>;
    };
    const stacks = Object.entries(manifest.stacks);
    say(`      ${stacks.length} stacks: ${stacks.map(([n]) => n).join(", ")}`);

    step(2, "installing the codersecrets provider into a temporary mirror and starting it (plugin handshake, mTLS)");
    const installed = await installProvider({ dir: path.join(work, "provider") });
    launched = await launchProvider({ command: [installed.executable] });
    client = new ProviderClient(launched);
    await client.rpc("GetProviderSchema");
    await client.rpc("ConfigureProvider", { terraform_version: "demo", config: { msgpack: Buffer.from(encode({})) } });
    say(`      ${path.basename(installed.executable)} (${installed.kind}) answered its handshake in ${launched.startMs.toFixed(0)} ms over ${launched.handshake.network} with mTLS`);

    step(3, "resolving dynamic secrets through ReadDataSource");
    const perStack = new Map<string, Map<string, Resolved>>();
    for (const [name, info] of stacks) {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, info.synthesizedStackPath), "utf8")) as Json;
      const data = ((tf.data as Json | undefined)?.codersecrets_manifest as Record<string, Json> | undefined) ?? {};
      const resolved = new Map<string, Resolved>();
      for (const [dsName, body] of Object.entries(data)) {
        say(`   ${name}: data.codersecrets_manifest.${dsName} (${((body.secret as unknown[]) ?? []).length} secret(s))`);
        const r = await resolveManifest(client, dsName, body);
        for (const d of r.diagnostics) say(`      provider ${d}`);
        resolved.set(dsName, r);
      }
      if (data && Object.keys(data).length === 0) say(`   ${name}: no dynamic secrets (user secrets only)`);
      perStack.set(name, resolved);
    }

    step(4, "delivering file secrets into temporary homes (Node injector, then the synthesized coder_script under /bin/sh)");
    for (const [name, info] of stacks) {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, info.synthesizedStackPath), "utf8")) as Json;
      const resources = (tf.resource as Record<string, Record<string, Json>>) ?? {};
      const resolved = perStack.get(name)!;
      const summary: StackSummary = {
        name,
        agents: Object.keys(resources.coder_agent ?? {}),
        secrets: [],
        files: [],
        lint: info.annotations.filter((a) => a.level !== "@cdktf/info").map((a) => `${a.level.replace("@cdktf/", "")} [${a.constructPath}] ${a.message.split("\n")[0]}`),
      };
      for (const r of resolved.values()) {
        for (const [target, fp] of Object.entries(r.fingerprints)) summary.secrets.push(`${target} ${fp} (via data.codersecrets_manifest.${r.name})`);
      }
      for (const [agentName, agent] of Object.entries(resources.coder_agent ?? {})) {
        const env = (agent.env as Record<string, string> | undefined) ?? {};
        const agentEnv: Record<string, string> = {};
        for (const [k, v] of Object.entries(env)) {
          const value = resolveReference(v, resolved);
          if (value !== undefined) agentEnv[k] = value;
        }
        for (const k of Object.keys(agentEnv)) {
          if (!k.startsWith(DEFAULT_MANIFEST_ENV_VAR)) say(`   ${name}/${agentName}: env ${k} <- resolved secret (${fingerprint(agentEnv[k])})`);
        }
        const b64 = readManifestEnv(agentEnv, DEFAULT_MANIFEST_ENV_VAR);
        const agentScripts = Object.entries(resources.coder_script ?? {}).filter(([, s]) => s.agent_id === `\${coder_agent.${agentName}.id}`);
        // The agent's secrets script is compared with the Node injector; other scripts (the git credential step) run after.
        const scripts = agentScripts.filter(([key]) => key === `${agentName}_secrets_script`).map(([, s]) => s);
        const otherScripts = agentScripts.filter(([key]) => key !== `${agentName}_secrets_script`).map(([, s]) => s);
        if (b64 === undefined) {
          say(`   ${name}/${agentName}: no file secrets`);
        } else {
          const secrets: ManifestSecret[] = decodeManifestBase64(b64);
          const nodeHome = path.join(work, "home-node", name);
          fs.mkdirSync(nodeHome, { recursive: true, mode: 0o700 });
          const report = injectManifest(secrets, { homeDir: nodeHome, state: { key: DEFAULT_MANIFEST_ENV_VAR, xdgStateHome: undefined } });
          for (const r of report.results) {
            const rel = r.path ? `~/${path.relative(nodeHome, r.path)}` : "-";
            say(`   ${name}/${agentName}: node injector ${r.action} ${r.target} -> ${rel}${r.path && r.action === "written" ? ` mode ${mode(r.path)}` : ""}${r.reason ? ` (${r.reason})` : ""}`);
            if (r.action === "written" && r.path) summary.files.push(`${rel} ${mode(r.path)}`);
          }
          if (report.exitCode !== 0) throw new DemoError(`${name}: the Node injector failed for some targets`);

          const shHome = path.join(work, "home-sh", name);
          fs.mkdirSync(shHome, { recursive: true, mode: 0o700 });
          for (const script of scripts) runCoderScript(`${name}/${agentName}`, script, shHome, agentEnv);
          const a = treeDigest(nodeHome);
          const b = treeDigest(shHome);
          const same = a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
          if (!same) throw new DemoError(`${name}: the sh delivery wrote different files than the Node injector`);
          const nodeState = stateOf(nodeHome);
          if (nodeState === undefined || nodeState !== stateOf(shHome)) throw new DemoError(`${name}: the sh delivery kept a different state file than the Node injector`);
          say(`   ${name}/${agentName}: sh delivery wrote the same ${b.size} file(s), same bytes and modes, and the same state file (paths and hashes)`);
        }
        if (b64 === undefined && scripts.length > 0) {
          const home = path.join(work, "home-sh", name);
          fs.mkdirSync(home, { recursive: true, mode: 0o700 });
          for (const script of scripts) runCoderScript(`${name}/${agentName}`, script, home, agentEnv);
        }
        if (otherScripts.length > 0) {
          const home = path.join(work, "home-sh", name);
          fs.mkdirSync(home, { recursive: true, mode: 0o700 });
          for (const script of otherScripts) runCoderScript(`${name}/${agentName}`, script, home, agentEnv);
          showGitCredentials(`${name}/${agentName}`, home);
        }
      }
      summaries.push(summary);
    }

    step(5, "summary (targets, fingerprints and modes only; no values)");
    for (const s of summaries) {
      say(`   ${s.name}: agents ${s.agents.join(", ") || "-"}`);
      for (const x of s.secrets) say(`      secret ${x}`);
      for (const f of s.files) say(`      file ${f}`);
      say(`      lint: ${s.lint.length === 0 ? "clean" : ""}`);
      for (const l of s.lint) say(`        ${l}`);
    }
    await client.shutdown().catch(() => undefined);
    const exit = await launched.exited();
    say(`   provider stopped (Shutdown, exit ${exit.code ?? exit.signal})`);

    const leaked = [...demoValues.values()].filter((v) => printed.some((line) => line.includes(v) || line.includes(v.slice(0, 24))));
    if (leaked.length > 0) throw new DemoError(`self-check failed: ${leaked.length} demo value(s) appeared in the output`);
    say(`   self-check: none of the ${demoValues.size} demo values appears in this output`);
  } finally {
    client?.close();
    launched?.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  const reason = err instanceof DemoError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`demo failed: ${reason}\n`);
  process.exitCode = 1;
});
