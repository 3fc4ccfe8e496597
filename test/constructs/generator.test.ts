import "cdktf/lib/testing/adapters/jest";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Agent } from "../../lib";
import { escapeTerraformTemplate } from "../../lib/constructs/escape";
import { readSetBlockAttribute } from "../../lib/constructs/set-blocks";
import { SENSITIVE_DATA_SOURCE_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from "../../lib/constructs/generated/sensitive-attributes";
import { json, template } from "./util";

const ROOT = path.resolve(__dirname, "../..");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name])).sort();
}

describe("generated bindings", () => {
  test("`npm run generate` regenerates the bindings and the sensitivity table with no diff", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "gen-check-"));
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/generate.js"), "--out", out], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const dir of ["provider/generated/coder", "examples/generated/tls", "examples/generated/twilio", "examples/generated/docker"]) {
      const committed = files(path.join(ROOT, dir));
      expect(files(path.join(out, dir))).toEqual(committed);
      for (const f of committed) expect([dir, f, fs.readFileSync(path.join(out, dir, f), "utf8")]).toEqual([dir, f, fs.readFileSync(path.join(ROOT, dir, f), "utf8")]);
    }
    const table = "lib/constructs/generated/sensitive-attributes.ts";
    expect(fs.readFileSync(path.join(out, table), "utf8")).toBe(fs.readFileSync(path.join(ROOT, table), "utf8"));
    fs.rmSync(out, { recursive: true, force: true });
  });

  test("the generator drops `sensitive`; the table taken from the schema has the five coder attributes", () => {
    const agentSrc = fs.readFileSync(path.join(ROOT, "provider/generated/coder/agent/index.ts"), "utf8");
    expect(agentSrc).not.toMatch(/sensitive/i);
    expect(SENSITIVE_RESOURCE_ATTRIBUTES.coder_agent).toEqual(["token"]);
    expect(SENSITIVE_DATA_SOURCE_ATTRIBUTES.coder_external_auth).toEqual(["access_token"]);
    expect(SENSITIVE_DATA_SOURCE_ATTRIBUTES.coder_workspace_owner).toEqual(["oidc_access_token", "session_token", "ssh_private_key"]);
    expect(SENSITIVE_RESOURCE_ATTRIBUTES.tls_private_key).toContain("private_key_openssh");
    expect(SENSITIVE_RESOURCE_ATTRIBUTES.twilio_api_accounts_keys).toEqual(["secret"]);
  });

  test("set blocks with max_items 1: the generated getter indexes a set, readSetBlockAttribute uses one()", () => {
    let generated = "";
    let ours = "";
    const out = json(template((t) => {
      const a = new Agent(t, "main", { displayApps: { vscode: true } });
      generated = String(a.resource.displayApps.vscode);
      ours = readSetBlockAttribute(a.resource, "display_apps", "vscode");
      a.addEnv("GENERATED", generated);
      a.addEnv("OURS", ours);
    }).stack);
    expect(out.resource.coder_agent.main.env.GENERATED).toBe("${coder_agent.main.display_apps[0].vscode}"); // invalid on a set
    expect(out.resource.coder_agent.main.env.OURS).toBe("${one(coder_agent.main.display_apps).vscode}");
    expect(out.resource.coder_agent.main.display_apps).toEqual({ vscode: true });
  });
});

describe("`${` / `%{` escaping in literal strings", () => {
  test("escapes literal parts only (function replacer: `$$` is not collapsed)", () => {
    expect(escapeTerraformTemplate("a ${HOME} %{if} $${x} $PATH")).toBe("a $${HOME} %%{if} $$${x} $PATH");
    expect(escapeTerraformTemplate("x ${TfToken[TOKEN.1]} ${y}")).toBe("x ${TfToken[TOKEN.1]} $${y}");
  });

  const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
  (hasTerraform ? test : test.skip)("terraform evaluates an escaped script back to the original text (provider-free config)", () => {
    const original = 'echo "${HOME}" %{ if } $(printenv X) \'$VAR\' $${y}\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-escape-"));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ output: { s: { value: escapeTerraformTemplate(original) } } }));
    const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, stdio: "ignore" });
    execFileSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env, stdio: "ignore" });
    const value = execFileSync("terraform", ["output", "-raw", "s"], { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(value).toBe(original);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("map outputs and names", () => {
  test("a data source's map attribute is read with Fn.lookup (indexing a token map gives undefined)", () => {
    const { CodersecretsManifest } = jest.requireActual("../../lib/constructs/codersecrets");
    const out = json(template((t) => {
      const ds = new CodersecretsManifest(t, "m");
      const env = ds.env as Record<string, string | undefined>;
      expect(env.API_TOKEN).toBeUndefined(); // the gotcha: silently undefined
      new Agent(t, "main").addEnv("FP", ds.fingerprints["env:X"] ?? "fallback-literal");
    }).stack);
    expect(out.resource.coder_agent.main.env.FP).toBe("fallback-literal");
  });

  test("readable logical ids are valid Terraform identifiers", () => {
    const { readableLogicalId } = jest.requireActual("../../lib/constructs/logical-ids");
    expect(readableLogicalId(["main", "Default"])).toBe("main");
    expect(readableLogicalId(["workspace", "dev", "env_secrets"])).toBe("workspace_dev_env_secrets");
    expect(readableLogicalId(["1st", "a.b"])).toBe("_1st_a_b");
  });
});
