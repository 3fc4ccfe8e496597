/**
 * An empty external-auth token leaves `~/.config/gh/hosts.yml` and the git credential file out of the agent's file
 * manifest (so an existing hosts.yml is left alone); a token puts them in, in declaration order between the secrets
 * bound before and after them. The synthesized `codersecrets_manifest` (JSON, and the `cdktf synth --hcl` form) is
 * applied by the real Terraform CLI when it is on PATH (offline, the bridge provider from a local mirror; a sensitive
 * variable stands in for `data.coder_external_auth`, as the coder provider cannot be downloaded here), and the same
 * blocks, expanded as Terraform expands them, go through the protocol client's ReadDataSource.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { command as installCommand } from "../../cli/commands/install-provider";
import { Agent, DEFAULT_MANIFEST_ENV_VAR, DynamicSecret, ExternalAuthToken, SecretValue } from "../../lib";
import { decodeManifestBase64 } from "../../lib/core";
import { resolveTokens } from "../../lib/constructs/cdk";
import { CodersecretsManifest, CodersecretsProvider } from "../../lib/constructs/codersecrets";
import { ghHostsYaml, gitCredentialStoreLine } from "../../lib/constructs/external-auth-formats";
import { literalText } from "../../lib/constructs/secret-flow";
import type { ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { evaluateTerraformString } from "../../scripts/expression";
import { manifestBlocks } from "../../scripts/manifest-blocks";
import { providerSession } from "../support/provider-session";
import { captureIo, decodeState, manifestConfig, msgpack, randomCanary } from "../provider/client/client";
import { findOnPath } from "../provider/client/terraform-cli";
import { template } from "./util";

jest.setTimeout(240000);

const TOKEN_REF = "data.coder_external_auth.main_external_auth_github.access_token";
const HOSTS = "~/.config/gh/hosts.yml";
const GIT = "~/.config/git/credentials-coder-github";
const ALL = ["~/.config/app/before", GIT, HOSTS, "~/.config/app/after"];
const WITHOUT_TOKEN = ["~/.config/app/before", "~/.config/app/after"];

type Json = Record<string, unknown>;

/** A template with a file secret bound before and after the external auth; its file manifest and hosts.yml fingerprint. */
function synthesized(): { body: Json; hostsFingerprint: string } {
  let auth!: ExternalAuthToken;
  const s = template((t) => {
    const other = new TerraformVariable(t, "other", { type: "string", sensitive: true });
    const agent = new Agent(t, "main");
    agent.addSecret(new DynamicSecret(t, "before", { value: SecretValue.fromReference(other.stringValue), file: "~/.config/app/before" }));
    auth = agent.addExternalAuth("github", { env: "GITHUB_TOKEN", gitCredentials: true, ghHosts: true });
    agent.addSecret(new DynamicSecret(t, "after", { value: SecretValue.fromReference(other.stringValue), file: "~/.config/app/after" }));
  });
  const out = JSON.parse(Testing.synth(s.stack));
  return { body: out.data.codersecrets_manifest.main_file_secrets, hostsFingerprint: resolveTokens(s.stack, auth.ghHostsBinding!.fingerprint!) };
}

describe("through the protocol client (ReadDataSource), blocks expanded as Terraform expands them", () => {
  const session = providerSession();

  test.each([
    ["a token", `gho_${randomCanary()}`, ALL],
    ["an empty token", "", WITHOUT_TOKEN],
  ])("%s", async (_name, token, files) => {
    const other = randomCanary();
    const { body } = synthesized();
    const resolve = (r: string) => (r === TOKEN_REF ? token : r === "var.other" ? other : `unexpected ${r}`);
    const blocks = manifestBlocks(body, resolve);
    const config = manifestConfig(blocks.map((b) => ({ file_path: b.file_path, value: evaluateTerraformString(b.value, resolve) })), "/home/coder");
    const res = await session.client().rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: "codersecrets_manifest", config: msgpack(config) });
    expect(res.diagnostics ?? []).toEqual([]);
    const state = decodeState(res.state) as Record<string, unknown>;
    const decoded = decodeManifestBase64(state.proto_base64 as string);
    expect(decoded.map((e) => e.filePath)).toEqual(files);
    expect(Object.keys(state.fingerprints as Json)).toEqual(files.map((f) => `file:${f}`));
    if (token !== "") {
      const hosts = Buffer.from(decoded.find((e) => e.filePath === HOSTS)!.value).toString("utf8");
      expect(hosts).toBe(`github.com:\n    oauth_token: "${token}"\n    git_protocol: https\n`);
    }
  });
});

describe("in the workspace: the synthesized secrets script with the manifest the provider makes (sh, temporary home)", () => {
  const session = providerSession();
  const stack = template((t) => new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN", ghHosts: true })).stack;
  const out = JSON.parse(Testing.synth(stack));
  const script = literalText(out.resource.coder_script.main_secrets_script.script);

  /** proto_base64 of the agent's file manifest for `token`, from ReadDataSource over the blocks Terraform would send. */
  async function manifestFor(token: string): Promise<string> {
    const resolve = (r: string) => (r === TOKEN_REF ? token : `unexpected ${r}`);
    const blocks = manifestBlocks(out.data.codersecrets_manifest.main_file_secrets, resolve);
    const config = manifestConfig(blocks.map((b) => ({ file_path: b.file_path, value: evaluateTerraformString(b.value, resolve) })), "/home/coder");
    const res = await session.client().rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: "codersecrets_manifest", config: msgpack(config) });
    expect(res.diagnostics ?? []).toEqual([]);
    return (decodeState(res.state) as Record<string, string>).proto_base64;
  }

  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "ext-auth-ws-"));
    fs.chmodSync(home, 0o700);
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const hostsFile = () => path.join(home, ".config", "gh", "hosts.yml");
  const run = (manifest: string) => {
    const r = spawnSync("/bin/sh", ["-c", script], {
      env: { PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: path.join(home, ".local", "state"), [DEFAULT_MANIFEST_ENV_VAR]: manifest },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    return `${r.stdout}${r.stderr}`;
  };
  const token = `gho_${randomCanary()}`;

  test("an empty token leaves the user's own hosts.yml as it is", async () => {
    const mine = "github.com:\n    user: me\n    oauth_token: my-own-login\n";
    fs.mkdirSync(path.dirname(hostsFile()), { recursive: true, mode: 0o700 });
    fs.writeFileSync(hostsFile(), mine, { mode: 0o600 });
    run(await manifestFor(""));
    expect(fs.readFileSync(hostsFile(), "utf8")).toBe(mine);
  });

  test("a token writes hosts.yml; once the token is gone, the file the script wrote is removed, one the user changed is kept", async () => {
    const printed = [run(await manifestFor(token))];
    expect(fs.readFileSync(hostsFile(), "utf8")).toContain(token);
    expect(fs.statSync(hostsFile()).mode & 0o777).toBe(0o600);
    printed.push(run(await manifestFor("")));
    expect(fs.existsSync(hostsFile())).toBe(false);
    expect(printed[1]).toMatch(/removed stale file .*hosts\.yml/);

    printed.push(run(await manifestFor(token)));
    fs.writeFileSync(hostsFile(), "github.com:\n    oauth_token: edited-by-the-user\n");
    printed.push(run(await manifestFor("")));
    expect(fs.readFileSync(hostsFile(), "utf8")).toBe("github.com:\n    oauth_token: edited-by-the-user\n");
    expect(printed[3]).toMatch(/kept .*hosts\.yml: changed since it was written/);
    for (const text of printed) expect(text).not.toContain(token);
  });
});

const TERRAFORM = findOnPath("terraform");

(TERRAFORM ? describe : describe.skip)(`real Terraform (${TERRAFORM ?? "terraform not on PATH"}), offline`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "external-auth-e2e-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const token = `gho_${randomCanary()}`;
  const other = randomCanary();

  /** init once, then apply with each token; returns the manifest's file paths (in order) and the outputs. */
  async function applyEach(dir: string, files: Record<string, string>): Promise<Array<{ paths: string[]; out: Record<string, { value: unknown }> }>> {
    if (!fs.existsSync(path.join(root, "install"))) expect(await installCommand.run(["--dir", path.join(root, "install")], captureIo())).toBe(0);
    const work = path.join(root, dir);
    fs.mkdirSync(work);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(work, name), text);
    const env = {
      PATH: process.env.PATH, HOME: root, TF_CLI_CONFIG_FILE: path.join(root, "install", "terraformrc"),
      CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_VAR_other: other,
    };
    const tf = (args: string[], extra: Record<string, string> = {}) => spawnSync("terraform", args, { cwd: work, env: { ...env, ...extra }, encoding: "utf8" });
    const init = tf(["init", "-no-color"]);
    expect([init.status, init.stderr]).toEqual([0, ""]);
    const results = [];
    for (const t of [token, "", token]) {
      const apply = tf(["apply", "-auto-approve", "-no-color"], { TF_VAR_token: t });
      expect([apply.status, apply.stderr]).toEqual([0, ""]);
      const shown = tf(["output", "-json"]);
      for (const text of [apply.stdout, apply.stderr, shown.stderr]) for (const c of [token, other]) expect(text).not.toContain(c);
      const out = JSON.parse(shown.stdout) as Record<string, { value: unknown }>;
      results.push({ paths: (JSON.parse(out.json.value as string) as Array<{ file_path: string }>).map((e) => e.file_path), out });
    }
    return results;
  }

  test("the synthesized JSON: a token delivers hosts.yml and the git file in declaration order, an empty one leaves them out", async () => {
    const { body, hostsFingerprint } = synthesized();
    const config = {
      terraform: { required_providers: { codersecrets: { source: "cdktf-coder/codersecrets" } } },
      provider: { codersecrets: [{}] },
      variable: { token: { type: "string", sensitive: true }, other: { type: "string", sensitive: true } },
      data: { codersecrets_manifest: { main_file_secrets: JSON.parse(JSON.stringify(body).split(TOKEN_REF).join("var.token")) } },
      output: {
        json: { value: "${data.codersecrets_manifest.main_file_secrets.json}", sensitive: true },
        fingerprints: { value: "${data.codersecrets_manifest.main_file_secrets.fingerprints}" },
        // The binding's fingerprint reference, as SecretMetadata would show it: it must plan without the entry too.
        hosts_fingerprint: { value: hostsFingerprint },
      },
    };
    expect(hostsFingerprint).toBe('${lookup(data.codersecrets_manifest.main_file_secrets.fingerprints, "file:~/.config/gh/hosts.yml", "")}');
    const [linked, unlinked, again] = await applyEach("json", { "main.tf.json": JSON.stringify(config, null, 2) });
    expect(linked.paths).toEqual(ALL);
    expect(unlinked.paths).toEqual(WITHOUT_TOKEN);
    expect(again.paths).toEqual(ALL);
    expect(linked.out.hosts_fingerprint.value).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(unlinked.out.hosts_fingerprint.value).toBe("");
    expect(Object.keys(unlinked.out.fingerprints.value as Json)).toEqual(WITHOUT_TOKEN.map((f) => `file:${f}`).sort());
  });

  test("the `cdktf synth --hcl` form of the same manifest applies the same way", async () => {
    const stack = new TerraformStack(Testing.app(), "hcl");
    new CodersecretsProvider(stack, "codersecrets");
    const tok = new TerraformVariable(stack, "token", { type: "string", sensitive: true });
    const oth = new TerraformVariable(stack, "other", { type: "string", sensitive: true });
    const m = new CodersecretsManifest(stack, "m", { homeDir: "/home/coder" });
    m.addSecret({ filePath: ALL[0], value: oth.stringValue });
    m.addSecret({ filePath: GIT, value: gitCredentialStoreLine(tok.stringValue, "github.com", "x-access-token"), unlessEmpty: tok.stringValue });
    m.addSecret({ filePath: HOSTS, value: ghHostsYaml(tok.stringValue, "github.com"), unlessEmpty: tok.stringValue });
    m.addSecret({ filePath: ALL[3], value: oth.stringValue });
    new TerraformOutput(stack, "json", { value: m.json, sensitive: true });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/dynamic "secret" \{/);
    const [linked, unlinked] = await applyEach("hcl", { "main.tf": hcl });
    expect(linked.paths).toEqual(ALL);
    expect(unlinked.paths).toEqual(WITHOUT_TOKEN);
  });
});
