import "cdktf/lib/testing/adapters/jest";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformOutput } from "cdktf";
import { Agent, CoderConstructError, CoderTemplate, DynamicSecret, ExternalAuthOptions, ExternalAuthToken } from "../../lib";
import { gitCredentialHelperScript, gitCredentialsFileFor } from "../../lib/constructs/external-auth-formats";
import { DataCoderExternalAuth } from "../../provider/generated/coder/data-coder-external-auth";
import { DataCoderParameter } from "../../provider/generated/coder/data-coder-parameter";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { Metadata } from "../../provider/generated/coder/metadata";
import { resolveTokens } from "../../lib/constructs/cdk";
import { evaluateTerraformString } from "../../scripts/expression";
import { allManifestBlocks, manifestBlocks } from "../../scripts/manifest-blocks";
import { randomCanary } from "../provider/client/client";
import { annotations, appSynth, json, synthError, template } from "./util";

// js-yaml (a pinned dev dependency): a real YAML parser reads the hosts.yml as gh's yaml.v3 would.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

const TOKEN_REF = "${data.coder_external_auth.main_external_auth_github.access_token}";
const REF = "data.coder_external_auth.main_external_auth_github.access_token";

function withAuth(options: ExternalAuthOptions, id = "github") {
  let auth: ExternalAuthToken | undefined;
  const s = template((t) => {
    auth = new Agent(t, "main").addExternalAuth(id, options);
  });
  return { ...s, auth: auth! };
}

/** The file secrets an agent's manifest may hold (conditional ones included), by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fileSecrets(out: any, agent = "main"): Map<string, string> {
  return new Map(allManifestBlocks(out.data.codersecrets_manifest[`${agent}_file_secrets`]).map((s) => [s.file_path!, s.value]));
}

/** The `for_each` of a file entry left out of the manifest while the token is empty. */
const UNLESS_EMPTY = (ref = REF) => `\${nonsensitive((${ref} == "")) ? [] : [1]}`;

describe("agent.addExternalAuth: one call, env and files through the secrets manifest", () => {
  test("GitHub: GITHUB_TOKEN, a git credential file of its own, hosts.yml, and a token-free git step", () => {
    const s = withAuth({ env: "GITHUB_TOKEN", gitCredentials: true, ghHosts: true });
    const text = appSynth(s); // no error annotation
    const out = JSON.parse(text);
    expect(Object.keys(out.data.coder_external_auth)).toEqual(["main_external_auth_github"]);
    expect(out.data.coder_external_auth.main_external_auth_github).toMatchObject({ id: "github" });
    expect(out.data.coder_external_auth.main_external_auth_github.optional).toBeUndefined();
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "GITHUB_TOKEN", value: TOKEN_REF }]);
    expect(out.resource.coder_agent.main.env.GITHUB_TOKEN).toMatch(/^\$\{.*data\.codersecrets_manifest\.main_env_secrets\.env.*\}$/);
    const files = fileSecrets(out);
    expect([...files.keys()]).toEqual(["~/.config/git/credentials-coder-github", "~/.config/gh/hosts.yml"]);
    // Both files are conditional: dynamic blocks with one element unless the token is empty; the env var is not.
    expect(out.data.codersecrets_manifest.main_file_secrets.secret).toBeUndefined();
    expect(out.data.codersecrets_manifest.main_file_secrets.dynamic.secret.map((d: { for_each: string }) => d.for_each)).toEqual([UNLESS_EMPTY(), UNLESS_EMPTY()]);
    for (const value of files.values()) expect(value).toContain(REF);
    expect(files.get("~/.config/git/credentials-coder-github")).toContain("urlencode(");
    expect(files.get("~/.config/gh/hosts.yml")).toContain("jsonencode(");
    const script = out.resource.coder_script.main_external_auth_github_git_credential_helper;
    expect(script).toMatchObject({ agent_id: "${coder_agent.main.id}", run_on_start: true, start_blocks_login: true, display_name: "Git credentials (github)" });
    expect(script.script).toContain("credential.https://github.com.helper");
    expect(script.script).not.toMatch(/access_token|\$\{(?!\$)/);
    expect(annotations(s.stack, "warn")).toEqual([]);
    expect(s.auth.host).toBe("github.com");
    expect(resolveTokens(s.stack, s.auth.envBinding?.fingerprint)).toBe('${data.codersecrets_manifest.main_env_secrets.fingerprints["env:GITHUB_TOKEN"]}');
    expect(s.auth.gitCredentialsBinding?.config.file).toBe(s.auth.gitCredentialsFile);
  });

  test("env only: no file manifest and no git step", () => {
    const out = json(withAuth({ env: "GITLAB_TOKEN" }, "gitlab").stack);
    expect(out.data.codersecrets_manifest.main_file_secrets).toBeUndefined();
    expect(Object.keys(out.resource.coder_script)).toEqual(["main_secrets_script"]); // the agent's own (stale files), no git step
  });

  test("optional is passed through; an existing data source serves two agents", () => {
    expect(json(withAuth({ env: "GITHUB_TOKEN", optional: true }).stack).data.coder_external_auth.main_external_auth_github).toEqual({ id: "github", optional: true });
    const s = template((t) => {
      const gh = new DataCoderExternalAuth(t, "github", { id: "github" });
      new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN", dataSource: gh });
      new Agent(t, "dev").addExternalAuth("github", { gitCredentials: true, dataSource: gh });
    });
    const out = JSON.parse(appSynth(s));
    expect(Object.keys(out.data.coder_external_auth)).toEqual(["github"]);
    expect(out.data.codersecrets_manifest.main_env_secrets.secret[0].value).toBe("${data.coder_external_auth.github.access_token}");
    expect(fileSecrets(out, "dev").get("~/.config/git/credentials-coder-github")).toContain("data.coder_external_auth.github.access_token");
    expect(out.data.codersecrets_manifest.dev_file_secrets.dynamic.secret[0].for_each).toBe(UNLESS_EMPTY("data.coder_external_auth.github.access_token"));
  });

  test("another ID with host and username: the files follow them", () => {
    const out = json(withAuth({ gitCredentials: true, ghHosts: true, host: "ghe.example.com", username: "x-access-token" }, "primary-github").stack);
    expect([...fileSecrets(out).keys()]).toEqual([gitCredentialsFileFor("primary-github"), "~/.config/gh/hosts.yml"]);
    const script = out.resource.coder_script["main_external_auth_primary-github_git_credential_helper"].script;
    expect(script).toContain("credential.https://ghe.example.com.helper");
    expect(script).toContain("store --file ~/.config/git/credentials-coder-primary-github");
  });
});

describe("the template's own data.coder_external_auth for the ID: used, or a second one warned about", () => {
  test("made before the call: the call reads it, adds none, and nothing is reported; one for another ID does not count", () => {
    let auth!: ExternalAuthToken;
    const s = template((t) => {
      new DataCoderExternalAuth(t, "gitlab", { id: "gitlab" });
      new DataCoderExternalAuth(t, "gh", { id: "github" });
      auth = new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN" });
    });
    const out = JSON.parse(appSynth(s));
    expect(Object.keys(out.data.coder_external_auth)).toEqual(["gh", "gitlab"]);
    expect(out.data.codersecrets_manifest.main_env_secrets.secret[0].value).toBe("${data.coder_external_auth.gh.access_token}");
    expect(auth.dataSource.node.path).toBe("tpl/gh");
    expect([annotations(s.stack, "error"), annotations(s.stack, "warn")]).toEqual([[], []]);
  });

  test("two agents: the second call uses the data source the first one added (one entry on the workspace form)", () => {
    const s = template((t) => {
      new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN", optional: true });
      new Agent(t, "dev").addExternalAuth("github", { gitCredentials: true, optional: true });
    });
    const out = JSON.parse(appSynth(s));
    expect(Object.keys(out.data.coder_external_auth)).toEqual(["main_external_auth_github"]);
    expect(out.data.coder_external_auth.main_external_auth_github).toMatchObject({ id: "github", optional: true });
    expect(fileSecrets(out, "dev").get("~/.config/git/credentials-coder-github")).toContain("data.coder_external_auth.main_external_auth_github.access_token");
    expect(annotations(s.stack, "warn")).toEqual([]);
  });

  test("an optional that differs from the one the call would use is refused, naming it, and leaves nothing behind", () => {
    template((t) => {
      new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN", optional: true });
      const dev = new Agent(t, "dev");
      expect(() => dev.addExternalAuth("github", { env: "GITHUB_TOKEN" })).toThrow(
        /^\[tpl\/dev\/external_auth_github\] ExternalAuthToken "github": option optional \(false\) differs from the template's data\.coder_external_auth for "github" \(tpl\/main\/external_auth_github\/Default\), which this call uses\. Fix: set `optional` on that data source/,
      );
      expect([dev.node.tryFindChild("external_auth_github"), dev.bindings]).toEqual([undefined, []]);
    });
  });

  test("made after the call: a synth warning names both construct paths and the fix (synthesis still succeeds)", () => {
    const s = template((t) => {
      new Agent(t, "main").addExternalAuth("github", { env: "GITHUB_TOKEN" });
      new DataCoderExternalAuth(t, "gh", { id: "github" });
    });
    const out = JSON.parse(appSynth(s));
    expect(Object.keys(out.data.coder_external_auth).sort()).toEqual(["gh", "main_external_auth_github"]);
    expect(annotations(s.stack, "warn")).toEqual([
      '[tpl/main/external_auth_github] ExternalAuthToken tpl/main/external_auth_github: the template has its own data.coder_external_auth for "github" tpl/gh besides the one this call added (tpl/main/external_auth_github/Default); Coder lists each one on the workspace form. Fix: pass it: agent.addExternalAuth("github", { dataSource: …, … }) (or create it before the call, which then uses it)',
    ]);
  });
});

describe("addExternalAuth: bad options name the option, the rule and the fix, and leave nothing behind", () => {
  const cases: Array<[string, string, ExternalAuthOptions, RegExp]> = [
    ["no delivery", "github", {}, /no delivery is asked for.*Fix: set `env`/],
    ["empty ID", "", { env: "T" }, /the ID is empty.*Fix: pass the ID/],
    ["unknown ID without host", "corp-git", { gitCredentials: true }, /option host is required for gitCredentials: "corp-git" is not a well-known ID.*Fix: set `host`/],
    ["unknown ID without username", "corp-git", { gitCredentials: true, host: "git.corp.example" }, /option username is required for gitCredentials.*Fix: set `username` \(GitHub: "x-access-token"/],
    ["host with a scheme", "github", { ghHosts: true, host: "https://github.com" }, /option host "https:\/\/github\.com" is not a bare host name.*Fix: give the bare host/],
    ["username with a space", "github", { gitCredentials: true, username: "a b" }, /option username "a b" holds a character.*Fix:/],
    ["hosts.yml for GitLab", "gitlab", { ghHosts: true }, /option ghHosts writes the GitHub CLI's hosts\.yml, and "gitlab" is not GitHub.*Fix: drop `ghHosts`/],
  ];
  test.each(cases)("%s", (_name, id, options, message) => {
    const s = template((t) => {
      const agent = new Agent(t, "main");
      let error: unknown;
      try {
        agent.addExternalAuth(id, options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CoderConstructError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain("[tpl/main/external_auth_");
      expect(agent.node.children.filter((c) => c instanceof ExternalAuthToken)).toEqual([]);
      expect(agent.bindings).toEqual([]);
    });
    const out = json(s.stack);
    expect(out.data?.coder_external_auth).toBeUndefined();
    expect(out.data?.codersecrets_manifest).toBeUndefined();
  });

  test("one hosts.yml per agent, one call per ID; the first delivery stays whole", () => {
    template((t) => {
      const agent = new Agent(t, "main");
      agent.addExternalAuth("github", { ghHosts: true, env: "GITHUB_TOKEN" });
      expect(() => agent.addExternalAuth("github", { env: "GH_TOKEN" })).toThrow(/\[tpl\/main\] external auth "github" is already delivered to this agent.*Fix: call addExternalAuth\(\) once per ID/);
      expect(() => agent.addExternalAuth("ghe", { ghHosts: true, host: "ghe.example.com" })).toThrow(
        /~\/\.config\/gh\/hosts\.yml is already delivered to this agent by tpl\/main\/external_auth_github\/gh_hosts.*Fix: write hosts\.yml for one host only; give gh the other token through `env` \(GH_ENTERPRISE_TOKEN/,
      );
      expect(agent.bindings.map((b) => b.config.env ?? b.config.file)).toEqual(["GITHUB_TOKEN", "~/.config/gh/hosts.yml"]);
    });
  });

  test("dataSource: another ID, or optional beside it, is refused", () => {
    template((t) => {
      const agent = new Agent(t, "main");
      const gl = new DataCoderExternalAuth(t, "gitlab", { id: "gitlab" });
      expect(() => agent.addExternalAuth("github", { env: "T", dataSource: gl })).toThrow(/option dataSource \(tpl\/gitlab\) reads another external auth ID.*Fix: pass the data\.coder_external_auth whose id is "github"/);
      expect(() => agent.addExternalAuth("gitlab", { env: "T", dataSource: gl, optional: true })).toThrow(/option optional is set beside dataSource.*Fix: set `optional` on the data source/);
    });
  });

  test("a bad env name is reported at synth on the env delivery, with Coder's rule", () => {
    const s = withAuth({ env: "GIT_TOKEN" });
    json(s.stack);
    expect(annotations(s.stack, "error").join("\n")).toMatch(/DynamicSecret tpl\/main\/external_auth_github\/env: .*GIT_/);
  });
});

describe("secret-flow: access_token stays refused in plain places", () => {
  const plain: Array<[string, (t: CoderTemplate, a: Agent, token: string) => void, RegExp]> = [
    ["a metadata item", (t, a, token) => new Metadata(t, "info", { resourceId: a.id, item: [{ key: "tok", value: token }] }), new RegExp(`${REF.replace(/\./g, "\\.")} reaches item "tok" of coder_metadata\\.info`)],
    ["an output", (t, _a, token) => new TerraformOutput(t, "tok", { value: token }), /access_token reaches the output value of output\.tok/],
    ["a parameter default", (t, _a, token) => new DataCoderParameter(t, "p", { name: "p", type: "string", default: token }), /access_token reaches default of data\.coder_parameter\.p/],
    ["an agent metadata script", (_t, a, token) => a.resource.putMetadata([{ key: "k", displayName: "k", interval: 60, script: `echo ${token}` }]), /access_token reaches .*coder_agent\.main/],
  ];
  test.each(plain)("%s is an error", (_name, misuse, message) => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      const auth = a.addExternalAuth("github", { env: "GITHUB_TOKEN" });
      misuse(t, a, auth.dataSource.accessToken);
    });
    expect(synthError(s)).toMatch(message);
  });

  test("the startup script is an error, a plain addEnv a warning pointing at the fix", () => {
    const s1 = template((t) => {
      const gh = new DataCoderExternalAuth(t, "gh", { id: "github" });
      const a = new Agent(t, "main", { startupScript: `echo ${gh.accessToken} | gh auth login --with-token` });
      a.addExternalAuth("github", { env: "GITHUB_TOKEN", dataSource: gh });
    });
    expect(synthError(s1)).toMatch(/data\.coder_external_auth\.gh\.access_token reaches startup_script of coder_agent\.main/);
    const s2 = withAuth({ gitCredentials: true });
    s2.auth.agent.addEnv("PLAIN_TOKEN", s2.auth.dataSource.accessToken);
    json(s2.stack);
    expect(annotations(s2.stack, "warn").join("\n")).toMatch(/access_token reaches env\.PLAIN_TOKEN of coder_agent\.main .*Fix: use agent\.addSecret/);
  });
});

describe("the formats, evaluated as Terraform would, read back by the tools", () => {
  const file = (id: string, options: ExternalAuthOptions, p: string, token: string) => {
    const value = fileSecrets(json(withAuth(options, id).stack)).get(p)!;
    return evaluateTerraformString(value, (r) => {
      expect(r).toBe(REF.replace("github", id));
      return token;
    });
  };
  const nasty = `gho_${"x".repeat(8)} a+b%2F/:@#?é"\\<&>`;

  test.each([["a realistic token", `gho_${randomCanary()}`], ["one with URL, quote and non-ASCII characters", nasty]])(
    "git-credential-store returns %s as the password for the host",
    (_name, token) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ext-auth-git-"));
      try {
        const creds = path.join(dir, "creds");
        fs.writeFileSync(creds, file("github", { gitCredentials: true }, "~/.config/git/credentials-coder-github", token));
        const got = execFileSync("git", ["credential-store", `--file=${creds}`, "get"], { input: "protocol=https\nhost=github.com\n\n", encoding: "utf8" });
        expect(got).toBe(`username=x-access-token\npassword=${token}\n`);
        const gitlab = file("gitlab", { gitCredentials: true }, "~/.config/git/credentials-coder-gitlab", token);
        expect(gitlab.startsWith("https://oauth2:")).toBe(true);
        expect(gitlab.endsWith("@gitlab.com\n")).toBe(true);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test("hosts.yml parses to the token under oauth_token, also with quotes, newlines and control characters", () => {
    for (const token of [`gho_${randomCanary()}`, nasty, 'line1\nline2\t"q"\u0001\u2028: - #']) {
      expect(yaml.load(file("github", { ghHosts: true }, "~/.config/gh/hosts.yml", token))).toEqual({ "github.com": { oauth_token: token, git_protocol: "https" } });
    }
  });

  test("an empty token (account not linked, or a link coderd could not refresh) leaves both files out of the manifest", () => {
    const out = json(withAuth({ env: "GITHUB_TOKEN", gitCredentials: true, ghHosts: true }).stack);
    const blocks = (token: string) => manifestBlocks(out.data.codersecrets_manifest.main_file_secrets, (r) => (r === REF ? token : "unexpected")).map((b) => b.file_path);
    expect(blocks("")).toEqual([]);
    expect(blocks(`gho_${randomCanary()}`)).toEqual(["~/.config/git/credentials-coder-github", "~/.config/gh/hosts.yml"]);
    // The env var is still delivered (empty): tools read an empty GITHUB_TOKEN as unset.
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "GITHUB_TOKEN", value: TOKEN_REF }]);
  });

  test("secrets bound before and after keep their places: the whole file manifest is dynamic blocks, in declaration order", () => {
    const s = template((t) => {
      const agent = new Agent(t, "main");
      agent.addSecret(new DynamicSecret(t, "before", { value: new DataCoderWorkspaceOwner(t, "me").sessionToken, file: "~/before" }));
      agent.addExternalAuth("github", { ghHosts: true });
      agent.addOwnerSshKey({ owner: t.node.findChild("me") as DataCoderWorkspaceOwner });
    });
    const body = json(s.stack).data.codersecrets_manifest.main_file_secrets;
    expect(body.secret).toBeUndefined();
    expect(body.dynamic.secret.map((d: { for_each: string; content: { file_path: string } }) => [d.content.file_path, d.for_each])).toEqual([
      ["~/before", "${[1]}"], ["~/.config/gh/hosts.yml", UNLESS_EMPTY()], ["~/.ssh/id_ed25519", "${[1]}"], ["~/.ssh/id_ed25519.pub", "${[1]}"],
    ]);
    expect(manifestBlocks(body, () => "").map((b) => b.file_path)).toEqual(["~/before", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519.pub"]);
  });

  test("a template without a conditional entry keeps plain secret blocks (the other examples' JSON is unchanged)", () => {
    const out = json(withAuth({ env: "GITHUB_TOKEN" }).stack);
    expect(out.data.codersecrets_manifest.main_env_secrets).toEqual(expect.objectContaining({ secret: [{ env_name: "GITHUB_TOKEN", value: TOKEN_REF }] }));
    expect(out.data.codersecrets_manifest.main_env_secrets.dynamic).toBeUndefined();
  });

  test("the hosts.yml binding's fingerprint falls back to \"\" when the entry is left out", () => {
    const s = withAuth({ env: "GITHUB_TOKEN", ghHosts: true });
    json(s.stack);
    expect(resolveTokens(s.stack, s.auth.ghHostsBinding!.fingerprint)).toBe('${lookup(data.codersecrets_manifest.main_file_secrets.fingerprints, "file:~/.config/gh/hosts.yml", "")}');
  });
});

describe("the git step (real git, temporary home): points git at the file, holds no token", () => {
  const run = (home: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync("/bin/sh", ["-c", gitCredentialHelperScript("github.com", gitCredentialsFileFor("github"))], {
      env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", ...env },
      encoding: "utf8",
    });

  test("sets the helper once; git credential fill then answers with the delivered token; .gitconfig holds no token", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "ext-auth-home-"));
    const token = `gho_${randomCanary()}`;
    try {
      fs.mkdirSync(path.join(home, ".config", "git"), { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(home, ".config", "git", "credentials-coder-github"), `https://x-access-token:${token}@github.com\n`, { mode: 0o600 });
      const first = run(home);
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/git: https:\/\/github\.com uses the credential store ~\/\.config\/git\/credentials-coder-github/);
      const fill = spawnSync("git", ["credential", "fill"], {
        input: "protocol=https\nhost=github.com\npath=org/repo.git\n\n",
        env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
        encoding: "utf8",
      });
      expect(fill.stdout).toContain(`password=${token}\n`);
      const second = run(home);
      expect(second.stdout).toMatch(/already has a credential helper for https:\/\/github\.com \(left as it is\)/);
      const gitconfig = fs.readFileSync(path.join(home, ".gitconfig"), "utf8");
      expect(gitconfig.match(/helper = /g)).toHaveLength(1);
      for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, gitconfig]) expect(text).not.toContain(token);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test("a helper the user set for the host stays; without git the step says so and succeeds", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "ext-auth-home-"));
    try {
      const mine = "[credential \"https://github.com\"]\n\thelper = !gh auth git-credential\n";
      fs.writeFileSync(path.join(home, ".gitconfig"), mine);
      const r = run(home);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("git config --global --add 'credential.https://github.com.helper' 'store --file ~/.config/git/credentials-coder-github'");
      expect(fs.readFileSync(path.join(home, ".gitconfig"), "utf8")).toBe(mine);
      const nogit = run(home, { PATH: "/nonexistent" });
      expect(nogit.status).toBe(0);
      expect(nogit.stdout).toMatch(/git is not installed: no credential helper set for https:\/\/github\.com/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
