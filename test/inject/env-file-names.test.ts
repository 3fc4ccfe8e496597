/**
 * The env file's name rule (lib/inject/dotenv.ts): on top of Coder's env-name rule, names that change how Node, npm
 * or the shell loading the file behave are refused, before anything is written.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../../lib/core";
import { checkEnvFileName, ENV_FILE_REFUSED_NAMES, ENV_FILE_REFUSED_PREFIXES, formatEnvFile, InjectInputError } from "../../lib/inject";
import { runCli } from "../cli/helpers";

const CANARY = "CANARY-envfile-names-51c2";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "env-file-names-"));
  fs.mkdirSync(path.join(root, "home"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("checkEnvFileName", () => {
  const refused = [
    "NODE_OPTIONS", "node_options", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "NODE_TLS_REJECT_UNAUTHORIZED",
    "NPM_CONFIG_REGISTRY", "npm_config_node_options", "BASH_XTRACEFD", "BASH_COMPAT",
    ...ENV_FILE_REFUSED_NAMES.keys(), "ps1", "Prompt_Command",
  ];

  it.each(refused)("refuses %s, naming the rule and a fix", (name) => {
    const [v, ...more] = checkEnvFileName(name);
    expect(more).toEqual([]);
    expect(v).toMatchObject({ code: "env_file.runtime_name", severity: "error", field: "env_name" });
    expect(v!.message).toMatch(new RegExp(`^env_name \\(env ${name}\\): the env file refuses names that change how a runtime or the shell loading it behaves, and .+\\. Fix: rename it, e\\.g\\. to APP_\\w+, or deliver the secret as a file \\(file_path\\)$`));
  });

  it("every refused prefix and name says what it changes", () => {
    for (const [prefix, why] of ENV_FILE_REFUSED_PREFIXES) expect(checkEnvFileName(`${prefix}X`)[0]!.message).toContain(`names starting with ${prefix} do: ${why}`);
    for (const [name, why] of ENV_FILE_REFUSED_NAMES) expect(checkEnvFileName(name)[0]!.message).toContain(`${name} does: ${why}`);
  });

  it("Coder's rule comes first (BASH_ENV, LD_PRELOAD, PATH keep Coder's message); ordinary names pass", () => {
    expect(checkEnvFileName("BASH_ENV").map((v) => v.code)).toEqual(["env_name.reserved"]);
    expect(checkEnvFileName("LD_PRELOAD").map((v) => v.code)).toEqual(["env_name.reserved_prefix"]);
    expect(checkEnvFileName("PATH").map((v) => v.code)).toEqual(["env_name.reserved"]);
    for (const ok of ["", "GITHUB_TOKEN", "NODEX", "MY_NODE_OPTIONS", "PS5", "BASHFUL", "NPM_TOKEN", "OPENSSL_KEY"]) expect(checkEnvFileName(ok)).toEqual([]);
  });

  it("formatEnvFile, the writer itself, refuses such a name too", () => {
    expect(() => formatEnvFile([{ name: "NODE_OPTIONS", value: Buffer.from("--require /x.js") }])).toThrow(InjectInputError);
    expect(() => formatEnvFile([{ name: "NODE_OPTIONS", value: Buffer.from("--require /x.js") }])).toThrow(/env file: 1 problem; nothing written:\n {2}- env_name \(env NODE_OPTIONS\)/);
  });
});

describe("inject --write-env-file", () => {
  it("a manifest with NODE_OPTIONS is bad input: exit 2, the rule named, nothing written (file targets neither)", async () => {
    const envFile = path.join(root, "secrets.env");
    const manifest = encodeManifestBase64([
      secret({ filePath: "~/token" }, CANARY),
      secret({ envName: "NODE_OPTIONS" }, `--require ${root}/evil.js ${CANARY}`),
      secret({ envName: "API_TOKEN" }, CANARY),
    ]);
    const r = await runCli(["inject", "--write-env-file", envFile], manifest, { HOME: path.join(root, "home") });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("secret[1] env_name (env NODE_OPTIONS): the env file refuses names that change how a runtime or the shell loading it behaves, and names starting with NODE_ do: Node reads them at start");
    expect(r.stderr).toContain("Fix: rename it, e.g. to APP_OPTIONS, or deliver the secret as a file (file_path)");
    expect(r.stdout + r.stderr).not.toContain(CANARY);
    expect(fs.readdirSync(root).sort()).toEqual(["home"]);
    expect(fs.readdirSync(path.join(root, "home"))).toEqual([]);
  });

  it("without an env file the same manifest's NODE_OPTIONS is not written anywhere, so it is not refused", async () => {
    const manifest = encodeManifestBase64([secret({ filePath: "~/token" }, CANARY), secret({ envName: "NODE_OPTIONS" }, CANARY)]);
    const r = await runCli(["inject"], manifest, { HOME: path.join(root, "home") });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, "home", "token"), "utf8")).toBe(CANARY);
  });
});
