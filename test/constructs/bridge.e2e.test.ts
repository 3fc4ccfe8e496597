/**
 * End to end through the real bridge provider, offline: the constructs' manifest wiring (env map lookup, file
 * manifest in one env var) is synthesized, applied by Terraform with `cdktf-coder/codersecrets` from a local mirror,
 * and the generated secrets script then writes the file secret from the env var alone. `terraform_data` stands in for
 * the coder_agent (the coder provider cannot be downloaded here). Runs when `terraform` is on PATH.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Fn, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { command as installCommand } from "../../cli/commands/install-provider";
import { DEFAULT_MANIFEST_ENV_VAR } from "../../lib";
import { CodersecretsManifest, CodersecretsProvider } from "../../lib/constructs/codersecrets";
import { literalText } from "../../lib/constructs/secret-flow";
import { secretsScript } from "../../lib/constructs/secrets-script";
import { captureIo, randomCanary } from "../provider/client/client";

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
jest.setTimeout(180000);

(hasTerraform ? test : test.skip)("synthesized manifest wiring applies with the bridge provider and the script writes the file 0600", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "constructs-e2e-"));
  const canary = randomCanary();
  try {
    const io = captureIo();
    expect(await installCommand.run(["--dir", path.join(root, "install")], io)).toBe(0);

    const stack = new TerraformStack(Testing.app(), "e2e");
    new CodersecretsProvider(stack, "codersecrets");
    const token = new TerraformVariable(stack, "token", { type: "string", sensitive: true });
    const k = new TerraformResource(stack, "k", { terraformResourceType: "terraform_data" });
    k.addOverride("input", token.stringValue);
    const value = Token.asString(k.interpolationForAttribute("output"));
    const envDs = new CodersecretsManifest(stack, "env_secrets", { homeDir: "/home/coder" });
    envDs.addSecret({ envName: "API_TOKEN", value });
    const fileDs = new CodersecretsManifest(stack, "file_secrets", { homeDir: "/home/coder" });
    fileDs.addSecret({ filePath: "~/.config/app/token", value });
    new TerraformOutput(stack, "agent_env", { value: { API_TOKEN: Fn.lookup(envDs.env, "API_TOKEN"), [DEFAULT_MANIFEST_ENV_VAR]: fileDs.protoBase64 }, sensitive: true });
    new TerraformOutput(stack, "fingerprints", { value: fileDs.fingerprints });

    const work = path.join(root, "work");
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, "main.tf.json"), Testing.synth(stack));
    const env = {
      PATH: process.env.PATH, HOME: root, TF_CLI_CONFIG_FILE: path.join(root, "install", "terraformrc"),
      CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_VAR_token: canary,
    };
    const tf = (args: string[]) => spawnSync("terraform", args, { cwd: work, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const init = tf(["init", "-no-color"]);
    expect(init.status).toBe(0);
    const apply = tf(["apply", "-auto-approve", "-no-color"]);
    expect(apply.stderr).toBe("");
    expect(apply.status).toBe(0);
    expect(apply.stdout + apply.stderr).not.toContain(canary);
    const out = JSON.parse(tf(["output", "-json"]).stdout) as Record<string, { value: Record<string, string>; sensitive: boolean }>;
    expect(out.agent_env.value.API_TOKEN).toBe(canary);
    expect(out.fingerprints.sensitive).toBe(false);

    // The workspace side: the generated script, with only the agent env var, writes the file.
    const home = path.join(root, "home");
    fs.mkdirSync(home);
    const script = literalText(secretsScript({ manifestEnvVar: DEFAULT_MANIFEST_ENV_VAR, userSecrets: [] }));
    const log = execFileSync("sh", ["-c", script], {
      env: { PATH: process.env.PATH, HOME: home, [DEFAULT_MANIFEST_ENV_VAR]: out.agent_env.value[DEFAULT_MANIFEST_ENV_VAR] },
      encoding: "utf8",
    });
    expect(log).not.toContain(canary);
    const file = path.join(home, ".config/app/token");
    expect(fs.readFileSync(file, "utf8")).toBe(canary);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
