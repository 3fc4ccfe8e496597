/**
 * `npm run demo`: the main job end to end, offline.
 *   1. synthesize every example template (examples/main.ts)
 *   2. install the bridge provider into a temporary filesystem mirror and start it through its real plugin handshake
 *      (AutoMTLS, as Terraform does)
 *   3. resolve each template's dynamic secrets with ReadDataSource — the values other providers would produce at
 *      apply time (a Twilio key, a TLS private key, a Terraform variable) are stood in by demo values, and said so
 *   4. deliver each agent's file secrets into a temporary home, once with the Node injector and once with the
 *      synthesized `coder_script` under /bin/sh, and compare the two
 *   5. drop a file secret from two of those templates, synthesize and resolve them again, and deliver again into the
 *      same homes (both injectors, same state): the stale file is removed, one the user changed first is kept
 *   6. print a value-free summary
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
import { GithubExternalAuthTemplate } from "../examples/github-external-auth";
import { OwnerSshKeyTemplate } from "../examples/owner-ssh-key";
import { decodeManifestBase64, fingerprint } from "../lib/core";
import { DEFAULT_MANIFEST_ENV_VAR } from "../lib/constructs/agent";
import { formatStaleLines, formatStaleResult, InjectReport, injectManifest, readManifestEnv, readStateFile, StaleAction, STATE_DIR_NAME } from "../lib/inject";
import { launchProvider, ProviderClient } from "../provider/codersecrets/client";
import { evaluateTerraformString, ExpressionError } from "./expression";
import { allManifestBlocks, manifestBlocks } from "./manifest-blocks";
import { installProvider } from "../provider/codersecrets/install/mirror";
import type { Diagnostic, ReadDataSourceResponse } from "../provider/codersecrets/protocol/messages";

type Json = Record<string, unknown>;

class DemoError extends Error {}

const STEPS = 6;
const printed: string[] = [];
function say(line = ""): void {
  printed.push(line);
  process.stdout.write(`${line}\n`);
}
function step(n: number, text: string): void {
  say(`[${n}/${STEPS}] ${text}`);
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
  const blocks = manifestBlocks(body, standIn) as unknown as Json[]; // a stand-in is never empty: conditional blocks are kept
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

interface ScriptRun {
  readonly status: number | null;
  /** The script's stdout and stderr lines (paths and counts; the script prints no value). */
  readonly lines: readonly string[];
}

/** Runs a synthesized coder_script the way the agent does (`sh -c`, agent env), in a temporary home; `quiet` prints nothing. */
function runCoderScript(where: string, script: Json, home: string, agentEnv: Record<string, string>, quiet = false): ScriptRun {
  const text = String(script.script).replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  const run = spawnSync("/bin/sh", ["-c", text], { env: { PATH: process.env.PATH, HOME: home, ...agentEnv }, encoding: "utf8", timeout: 60_000 });
  const label = `coder_script "${String(script.display_name)}"`;
  const lines = `${run.stdout}${run.stderr}`.split("\n").filter(Boolean);
  if (!quiet) {
    for (const line of lines) say(`      ${label}: ${line}`);
    say(`   ${where}: ${label} exited ${run.status}${run.status !== 0 ? " (expected here: the demo sets no user secrets, so a required one is reported missing)" : ""}`);
  }
  return { status: run.status, lines };
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

interface StackInfo {
  readonly synthesizedStackPath: string;
  readonly annotations: { level: string; message: string; constructPath: string }[];
}

interface SynthesizedStack {
  readonly name: string;
  readonly info: StackInfo;
  readonly tf: Json;
}

/** Synthesizes the stacks `build` adds into `outdir` (cdktf.out's manifest.json and one cdk.tf.json per stack). */
function synthesize(outdir: string, build: (app: App) => void): SynthesizedStack[] {
  const app = new App({ outdir, stackTraces: false });
  build(app);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, StackInfo> };
  return Object.entries(manifest.stacks).map(([name, info]) => ({ name, info, tf: JSON.parse(fs.readFileSync(path.join(outdir, info.synthesizedStackPath), "utf8")) as Json }));
}

function manifestDataSources(tf: Json): Record<string, Json> {
  return ((tf.data as Json | undefined)?.codersecrets_manifest as Record<string, Json> | undefined) ?? {};
}

function resourcesOf(tf: Json): Record<string, Record<string, Json>> {
  return (tf.resource as Record<string, Record<string, Json>>) ?? {};
}

/** Resolves every codersecrets_manifest of a stack through the running provider (ValidateDataResourceConfig, ReadDataSource). */
async function resolveStack(client: ProviderClient, stack: SynthesizedStack): Promise<Map<string, Resolved>> {
  const data = manifestDataSources(stack.tf);
  const resolved = new Map<string, Resolved>();
  for (const [dsName, body] of Object.entries(data)) {
    say(`   ${stack.name}: data.codersecrets_manifest.${dsName} (${allManifestBlocks(body).length} secret(s))`);
    const r = await resolveManifest(client, dsName, body);
    for (const d of r.diagnostics) say(`      provider ${d}`);
    resolved.set(dsName, r);
  }
  if (Object.keys(data).length === 0) say(`   ${stack.name}: no dynamic secrets (user secrets only)`);
  return resolved;
}

interface AgentInputs {
  readonly agentName: string;
  /** The agent env the template sets from resolved secrets: the manifest variable(s) and env secrets. */
  readonly env: Record<string, string>;
  /** The file-secret manifest (base64) in that env, when the agent has file secrets. */
  readonly manifest: string | undefined;
  /** The agent's secrets script (delivery and user-secret checks): it is compared with the Node injector. */
  readonly secretsScripts: Json[];
  /** The agent's other scripts (the git credential step), run after the delivery. */
  readonly otherScripts: Json[];
}

/** What each agent of a stack gets from the template: its env (resolved), its file manifest, its scripts. */
function agentInputs(tf: Json, resolved: Map<string, Resolved>): AgentInputs[] {
  const resources = resourcesOf(tf);
  return Object.entries(resources.coder_agent ?? {}).map(([agentName, agent]) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries((agent.env as Record<string, string> | undefined) ?? {})) {
      const value = resolveReference(v, resolved);
      if (value !== undefined) env[k] = value;
    }
    const scripts = Object.entries(resources.coder_script ?? {}).filter(([, s]) => s.agent_id === `\${coder_agent.${agentName}.id}`);
    const isSecretsScript = (key: string) => key === `${agentName}_secrets_script`;
    return {
      agentName,
      env,
      manifest: readManifestEnv(env, DEFAULT_MANIFEST_ENV_VAR),
      secretsScripts: scripts.filter(([key]) => isSecretsScript(key)).map(([, s]) => s),
      otherScripts: scripts.filter(([key]) => !isSecretsScript(key)).map(([, s]) => s),
    };
  });
}

/** The state both injectors keep: the delivery script's key is the template's manifest variable, and Node is given it. */
const STATE = { key: DEFAULT_MANIFEST_ENV_VAR, xdgStateHome: undefined };

/** `~/…` for a path under `home`. */
function underHome(home: string, p: string): string {
  return `~/${path.relative(home, p)}`;
}

/** Runs the Node injector on a manifest into `home` with the demo's state; `quiet` prints nothing. A failure is a DemoError. */
function injectWithNode(where: string, manifest: string, home: string, quiet = false): InjectReport {
  const report = injectManifest(decodeManifestBase64(manifest), { homeDir: home, state: STATE });
  if (!quiet) {
    for (const r of report.results) {
      const rel = r.path ? underHome(home, r.path) : "-";
      say(`   ${where}: node injector ${r.action} ${r.target} -> ${rel}${r.path && r.action === "written" ? ` mode ${mode(r.path)}` : ""}${r.reason ? ` (${r.reason})` : ""}`);
    }
    for (const { line } of formatStaleLines(report.stale, false)) say(`   ${where}: node injector ${line.split(`${home}/`).join("~/")}`);
  }
  if (report.exitCode !== 0) throw new DemoError(`${where}: the Node injector failed for some targets`);
  return report;
}

/** Checks that the sh delivery left the same files (bytes, modes) and the same state file as the Node injector; the file count. */
function sameAsNode(where: string, nodeHome: string, shHome: string): number {
  const a = treeDigest(nodeHome);
  const b = treeDigest(shHome);
  const same = a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  if (!same) throw new DemoError(`${where}: the sh delivery wrote different files than the Node injector`);
  const nodeState = stateOf(nodeHome);
  if (nodeState === undefined || nodeState !== stateOf(shHome)) throw new DemoError(`${where}: the sh delivery kept a different state file than the Node injector`);
  return b.size;
}

/** The files a home's state lists (`~/…`); a state that is missing or unreadable is a DemoError. */
function stateTargets(where: string, home: string): string[] {
  const read = readStateFile(path.join(home, STATE_DIR, `${STATE.key}.state`));
  if (read.kind !== "ok") throw new DemoError(`${where}: the state file under ${underHome(home, path.join(home, STATE_DIR))} is ${read.kind}`);
  return read.entries.map((e) => underHome(home, e.path));
}

/** The file targets of every codersecrets_manifest in a stack. */
function fileTargets(tf: Json): string[] {
  return Object.values(manifestDataSources(tf)).flatMap((ds) => allManifestBlocks(ds).flatMap((b) => (typeof b.file_path === "string" ? [b.file_path] : [])));
}

/** A template of step 1 built again with one file secret dropped, and what the user does to that file first. */
interface DropCase {
  readonly stack: string;
  /** Adds the same template, minus one file secret, under the same stack name. */
  readonly variant: (app: App) => void;
  /** The template author's change, as written in the template. */
  readonly change: string;
  /** The file the variant no longer delivers (`~/…`). */
  readonly dropped: string;
  /** The user's change to the dropped file before the next delivery (it is then kept); none: it is removed. */
  readonly userEdit?: { readonly command: string; readonly edit: (text: string) => string };
}

const DROP_CASES: readonly DropCase[] = [
  {
    stack: "owner-ssh-key",
    variant: (app) => new OwnerSshKeyTemplate(app, "owner-ssh-key", { publicKey: false }),
    change: "agent.addOwnerSshKey({ owner, publicKey: false })",
    dropped: "~/.ssh/id_ed25519.pub",
  },
  {
    stack: "github-external-auth",
    variant: (app) => new GithubExternalAuthTemplate(app, "github-external-auth", { ghHosts: false }),
    change: 'agent.addExternalAuth("github", { env, gitCredentials: true, ghHosts: false })',
    dropped: "~/.config/gh/hosts.yml",
    userEdit: { command: "gh config set -h github.com git_protocol ssh", edit: (text) => text.replace("git_protocol: https", "git_protocol: ssh") },
  },
];

/** The agent of a drop case's template that has file secrets: its env, its manifest, its secrets script. */
interface FileDelivery {
  readonly agentName: string;
  readonly env: Record<string, string>;
  readonly manifest: string;
  readonly script: Json;
}

/** The one agent of a stack with file secrets and a secrets script (each drop case's template has one). */
function fileDelivery(where: string, agents: AgentInputs[]): FileDelivery {
  const found = agents.flatMap((a) => (a.manifest !== undefined && a.secretsScripts.length === 1 ? [{ agentName: a.agentName, env: a.env, manifest: a.manifest, script: a.secretsScripts[0] }] : []));
  if (found.length !== 1) throw new DemoError(`${where}: expected one agent with file secrets and a secrets script, found ${found.length}`);
  return found[0];
}

/**
 * Step 5 for one template: deliver the step-1 template (Node and sh, two new homes, one state key), let the user change
 * the file to be dropped when the case says so, synthesize the template without it, resolve it through the provider and
 * deliver again into the same homes. The dropped file must be removed (or kept with the user's bytes) in both homes,
 * both homes must agree, and neither state may list it.
 */
async function dropCase(c: DropCase, before: SynthesizedStack, beforeResolved: Map<string, Resolved>, after: SynthesizedStack, client: ProviderClient, work: string): Promise<void> {
  const nodeHome = path.join(work, "stale-node", c.stack);
  const shHome = path.join(work, "stale-sh", c.stack);
  for (const home of [nodeHome, shHome]) fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const first = fileDelivery(c.stack, agentInputs(before.tf, beforeResolved));
  const where = `${c.stack}/${first.agentName}`;
  const stateFile = `~/${path.join(STATE_DIR, `${STATE.key}.state`)}`;

  injectWithNode(where, first.manifest, nodeHome, true);
  const firstSh = runCoderScript(where, first.script, shHome, first.env, true);
  if (firstSh.status !== 0) throw new DemoError(`${where}: the first sh delivery exited ${firstSh.status}`);
  const count = sameAsNode(where, nodeHome, shHome);
  const listed = stateTargets(where, nodeHome);
  if (!listed.includes(c.dropped)) throw new DemoError(`${where}: the first delivery's state does not list ${c.dropped}`);
  say(`   ${where}: the template of step 1 delivered into two new homes (Node injector; coder_script under /bin/sh): ${count} file(s), both states (${stateFile}) list ${listed.join(", ")}`);

  const droppedIn = (home: string) => path.join(home, c.dropped.slice(2));
  let userBytes: Buffer | undefined;
  if (c.userEdit !== undefined) {
    const written = fs.readFileSync(droppedIn(nodeHome));
    userBytes = Buffer.from(c.userEdit.edit(written.toString("utf8")), "utf8");
    if (userBytes.equals(written)) throw new DemoError(`${where}: the user's edit left ${c.dropped} unchanged`);
    for (const home of [nodeHome, shHome]) fs.writeFileSync(droppedIn(home), userBytes);
    say(`   ${where}: the user runs \`${c.userEdit.command}\` (in both homes): ${c.dropped} is now ${fingerprint(userBytes)} (the injectors wrote ${fingerprint(written)})`);
  }

  const expectedTargets = fileTargets(before.tf).filter((t) => t !== c.dropped);
  const targets = fileTargets(after.tf);
  if (targets.includes(c.dropped) || targets.join("\n") !== expectedTargets.join("\n")) {
    throw new DemoError(`${c.stack}: the template built with ${c.change} should deliver ${expectedTargets.join(", ")}; it delivers ${targets.join(", ")}`);
  }
  say(`   ${c.stack}: synthesized again with ${c.change}: ${c.dropped} is no longer a file secret (left: ${targets.join(", ")})`);
  const second = fileDelivery(c.stack, agentInputs(after.tf, await resolveStack(client, after)));

  const report = injectWithNode(where, second.manifest, nodeHome);
  const secondSh = runCoderScript(where, second.script, shHome, second.env);
  if (secondSh.status !== 0) throw new DemoError(`${where}: the second sh delivery exited ${secondSh.status}`);

  const expected: StaleAction = userBytes === undefined ? "removed" : "kept-changed";
  const nodeResult = report.stale.results.find((r) => r.path === droppedIn(nodeHome));
  if (nodeResult?.action !== expected) throw new DemoError(`${where}: the Node injector ${nodeResult ? `reported ${nodeResult.action} for` : "did not consider"} ${c.dropped}; expected ${expected}`);
  const shLine = formatStaleResult({ path: droppedIn(shHome), action: expected, reason: undefined }, false);
  if (!secondSh.lines.some((l) => l.endsWith(`: ${shLine}`))) throw new DemoError(`${where}: the sh delivery did not report ${c.dropped} ${expected}`);
  for (const home of [nodeHome, shHome]) {
    const st = fs.lstatSync(droppedIn(home), { throwIfNoEntry: false });
    if (userBytes === undefined && st !== undefined) throw new DemoError(`${where}: ${c.dropped} is still in ${home === nodeHome ? "the Node" : "the sh"} home`);
    if (userBytes !== undefined && (st === undefined || !fs.readFileSync(droppedIn(home)).equals(userBytes))) {
      throw new DemoError(`${where}: ${c.dropped} in ${home === nodeHome ? "the Node" : "the sh"} home no longer holds the user's bytes`);
    }
  }
  const left = sameAsNode(where, nodeHome, shHome);
  const now = stateTargets(where, nodeHome);
  if (now.includes(c.dropped) || stateTargets(where, shHome).includes(c.dropped)) throw new DemoError(`${where}: the state still lists ${c.dropped}`);
  const outcome = userBytes === undefined ? "removed from both homes" : `kept in both homes with the user's bytes (${fingerprint(userBytes)}), reported as changed since it was written`;
  say(`   ${where}: ${c.dropped} ${outcome}; both injectors agree (the same ${left} file(s), bytes and modes, the same state file); the state lists ${now.join(", ")} and no longer ${c.dropped}`);
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-coder-secrets-demo-"));
  const summaries: StackSummary[] = [];
  let launched: Awaited<ReturnType<typeof launchProvider>> | undefined;
  let client: ProviderClient | undefined;
  try {
    step(1, "synthesizing the example templates");
    const stacks = synthesize(path.join(work, "cdktf.out"), buildExamples);
    say(`      ${stacks.length} stacks: ${stacks.map((s) => s.name).join(", ")}`);

    step(2, "installing the codersecrets provider into a temporary mirror and starting it (plugin handshake, mTLS)");
    const installed = await installProvider({ dir: path.join(work, "provider") });
    launched = await launchProvider({ command: [installed.executable] });
    client = new ProviderClient(launched);
    await client.rpc("GetProviderSchema");
    await client.rpc("ConfigureProvider", { terraform_version: "demo", config: { msgpack: Buffer.from(encode({})) } });
    say(`      ${path.basename(installed.executable)} (${installed.kind}) answered its handshake in ${launched.startMs.toFixed(0)} ms over ${launched.handshake.network} with mTLS`);

    step(3, "resolving dynamic secrets through ReadDataSource");
    const perStack = new Map<string, Map<string, Resolved>>();
    for (const stack of stacks) perStack.set(stack.name, await resolveStack(client, stack));

    step(4, "delivering file secrets into temporary homes (Node injector, then the synthesized coder_script under /bin/sh)");
    for (const { name, info, tf } of stacks) {
      const resolved = perStack.get(name)!;
      const summary: StackSummary = {
        name,
        agents: Object.keys(resourcesOf(tf).coder_agent ?? {}),
        secrets: [],
        files: [],
        lint: info.annotations.filter((a) => a.level !== "@cdktf/info").map((a) => `${a.level.replace("@cdktf/", "")} [${a.constructPath}] ${a.message.split("\n")[0]}`),
      };
      for (const r of resolved.values()) {
        for (const [target, fp] of Object.entries(r.fingerprints)) summary.secrets.push(`${target} ${fp} (via data.codersecrets_manifest.${r.name})`);
      }
      for (const agent of agentInputs(tf, resolved)) {
        const where = `${name}/${agent.agentName}`;
        for (const k of Object.keys(agent.env)) {
          if (!k.startsWith(DEFAULT_MANIFEST_ENV_VAR)) say(`   ${where}: env ${k} <- resolved secret (${fingerprint(agent.env[k])})`);
        }
        const shHome = path.join(work, "home-sh", name);
        if (agent.manifest === undefined) {
          say(`   ${where}: no file secrets`);
        } else {
          const nodeHome = path.join(work, "home-node", name);
          fs.mkdirSync(nodeHome, { recursive: true, mode: 0o700 });
          const report = injectWithNode(where, agent.manifest, nodeHome);
          for (const r of report.results) if (r.action === "written" && r.path) summary.files.push(`${underHome(nodeHome, r.path)} ${mode(r.path)}`);
          fs.mkdirSync(shHome, { recursive: true, mode: 0o700 });
          for (const script of agent.secretsScripts) runCoderScript(where, script, shHome, agent.env);
          say(`   ${where}: sh delivery wrote the same ${sameAsNode(name, nodeHome, shHome)} file(s), same bytes and modes, and the same state file (paths and hashes)`);
        }
        if (agent.manifest === undefined && agent.secretsScripts.length > 0) {
          fs.mkdirSync(shHome, { recursive: true, mode: 0o700 });
          for (const script of agent.secretsScripts) runCoderScript(where, script, shHome, agent.env);
        }
        if (agent.otherScripts.length > 0) {
          fs.mkdirSync(shHome, { recursive: true, mode: 0o700 });
          for (const script of agent.otherScripts) runCoderScript(where, script, shHome, agent.env);
          showGitCredentials(where, shHome);
        }
      }
      summaries.push(summary);
    }

    step(5, "dropping a file secret from a template: the next delivery removes the stale file and keeps one the user changed (both injectors, same homes and state)");
    const dropped = synthesize(path.join(work, "cdktf.out-dropped"), (app) => DROP_CASES.forEach((c) => c.variant(app)));
    for (const c of DROP_CASES) {
      const before = stacks.find((s) => s.name === c.stack);
      const after = dropped.find((s) => s.name === c.stack);
      if (before === undefined || after === undefined) throw new DemoError(`${c.stack}: not among the synthesized stacks`);
      await dropCase(c, before, perStack.get(c.stack)!, after, client, work);
    }

    step(6, "summary (targets, fingerprints and modes only; no values)");
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
    say(`   self-check: none of the ${demoValues.size} demo values appears in this output (steps 1-${STEPS})`);
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
