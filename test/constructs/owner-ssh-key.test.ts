import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformOutput, Testing } from "cdktf";
import { Agent, CoderConstructError, CoderTemplate, DynamicSecret, OwnerSshKey, SecretDisplay, SecretMetadata } from "../../lib";
import { encodeManifestBase64, secret } from "../../lib/core";
import { resolveTokens } from "../../lib/constructs/cdk";
import { literalText } from "../../lib/constructs/secret-flow";
import { DataCoderParameter } from "../../provider/generated/coder/data-coder-parameter";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { annotations, appSynth, json, synthError, template } from "./util";

const OWNER = "data.coder_workspace_owner.main_owner_ssh_key";

describe("agent.addOwnerSshKey", () => {
  test("delivers ssh_private_key to ~/.ssh/id_ed25519 and ssh_public_key beside it, through the file manifest and the secrets script", () => {
    let key!: OwnerSshKey;
    const { stack } = template((t) => {
      key = new Agent(t, "main").addOwnerSshKey();
    });
    const out = json(stack);
    expect(out.data.coder_workspace_owner).toEqual({ main_owner_ssh_key: {} });
    expect(out.data.codersecrets_manifest.main_file_secrets.secret).toEqual([
      { file_path: "~/.ssh/id_ed25519", value: `\${${OWNER}.ssh_private_key}` },
      { file_path: "~/.ssh/id_ed25519.pub", value: `\${${OWNER}.ssh_public_key}` },
    ]);
    expect(out.data.codersecrets_manifest.main_env_secrets).toBeUndefined();
    expect(out.resource.coder_agent.main.env).toEqual({ CDKTF_CODER_SECRETS_MANIFEST: "${data.codersecrets_manifest.main_file_secrets.proto_base64}" });
    const script = out.resource.coder_script.main_secrets_script;
    expect(script).toMatchObject({ agent_id: "${coder_agent.main.id}", run_on_start: true, start_blocks_login: true });
    expect(script.script).toContain("CDKTF_CODER_SECRETS_MANIFEST");
    expect(script.script).not.toMatch(/coder_workspace_owner|ssh_private_key|ssh_public_key/);

    expect(key.node.path).toBe("tpl/main/owner_ssh_key");
    expect([key.file, key.publicKeyFile]).toEqual(["~/.ssh/id_ed25519", "~/.ssh/id_ed25519.pub"]);
    expect(resolveTokens(stack, key.publicKey)).toBe(`\${${OWNER}.ssh_public_key}`);
    expect(key.agent.bindings.map((b) => b.config.file)).toEqual(["~/.ssh/id_ed25519", "~/.ssh/id_ed25519.pub"]);
    expect(key.agent.bindingOf(key.privateKeyBinding.secret)).toBe(key.privateKeyBinding);
    expect(DynamicSecret.isDynamicSecret(key.privateKeyBinding.secret)).toBe(true);
    expect(resolveTokens(stack, key.privateKeyBinding.fingerprint)).toBe('${data.codersecrets_manifest.main_file_secrets.fingerprints["file:~/.ssh/id_ed25519"]}');
    expect(resolveTokens(stack, key.publicKeyBinding!.fingerprint)).toBe('${data.codersecrets_manifest.main_file_secrets.fingerprints["file:~/.ssh/id_ed25519.pub"]}');
  });

  test("the whole template synthesizes through app.synth() with no finding; ssh_private_key is in cdktf.out only as the manifest's input", () => {
    const s = template((t) => {
      const agent = new Agent(t, "main", { startupScript: "git clone git@github.com:coder/coder.git || true" });
      const key = agent.addOwnerSshKey();
      const md = new SecretMetadata(t, "md", { resourceId: agent.id });
      md.addItem("SSH public key", key.publicKey); // a plain item: the public key is not a secret
      md.addSecret("SSH private key", key.privateKeyBinding, { display: SecretDisplay.FINGERPRINT });
    });
    const text = appSynth(s);
    expect([annotations(s.stack, "error"), annotations(s.stack, "warn")]).toEqual([[], []]);
    const tf = JSON.parse(text);
    expect(tf.resource.coder_metadata.md.item).toEqual([
      { key: "SSH public key", value: `\${${OWNER}.ssh_public_key}` },
      { key: "SSH private key", value: '${data.codersecrets_manifest.main_file_secrets.fingerprints["file:~/.ssh/id_ed25519"]}', sensitive: true },
    ]);
    expect(text.split("ssh_private_key").length - 1).toBe(JSON.stringify(tf.data.codersecrets_manifest).split("ssh_private_key").length - 1);
    expect(JSON.stringify(tf.data.codersecrets_manifest)).toContain("ssh_private_key");
  });

  test("options: another file (the public key follows it), or no public key", () => {
    const rsa = json(template((t) => new Agent(t, "main").addOwnerSshKey({ file: "/home/coder/.ssh/id_rsa" })).stack);
    expect(rsa.data.codersecrets_manifest.main_file_secrets.secret.map((e: { file_path: string }) => e.file_path)).toEqual(["/home/coder/.ssh/id_rsa", "/home/coder/.ssh/id_rsa.pub"]);

    let key!: OwnerSshKey;
    const { stack } = template((t) => {
      key = new Agent(t, "main").addOwnerSshKey({ publicKey: false });
    });
    expect(json(stack).data.codersecrets_manifest.main_file_secrets.secret).toEqual([{ file_path: "~/.ssh/id_ed25519", value: `\${${OWNER}.ssh_private_key}` }]);
    expect([key.publicKeyFile, key.publicKeyBinding, key.agent.bindings.length]).toEqual([undefined, undefined, 1]);
    expect(resolveTokens(stack, key.publicKey)).toBe(`\${${OWNER}.ssh_public_key}`); // still there for metadata
  });

  test("an existing data.coder_workspace_owner is reused, not doubled", () => {
    let key!: OwnerSshKey;
    const { stack } = template((t) => {
      const me = new DataCoderWorkspaceOwner(t, "me");
      key = new Agent(t, "main").addOwnerSshKey({ owner: me });
    });
    const out = json(stack);
    expect(Object.keys(out.data.coder_workspace_owner)).toEqual(["me"]);
    expect(out.data.codersecrets_manifest.main_file_secrets.secret.map((e: { value: string }) => e.value)).toEqual([
      "${data.coder_workspace_owner.me.ssh_private_key}", "${data.coder_workspace_owner.me.ssh_public_key}",
    ]);
    expect(key.owner.node.path).toBe("tpl/me");
  });

  test("two agents: each gets the key in its own manifest; the second call uses the data source the first one added", () => {
    const s = template((t) => {
      new Agent(t, "main").addOwnerSshKey();
      new Agent(t, "dev").addOwnerSshKey({ file: "~/.ssh/coder" });
    });
    const apart = JSON.parse(appSynth(s));
    expect(Object.keys(apart.data.coder_workspace_owner)).toEqual(["main_owner_ssh_key"]);
    expect(apart.data.codersecrets_manifest.dev_file_secrets.secret).toEqual([
      { file_path: "~/.ssh/coder", value: "${data.coder_workspace_owner.main_owner_ssh_key.ssh_private_key}" },
      { file_path: "~/.ssh/coder.pub", value: "${data.coder_workspace_owner.main_owner_ssh_key.ssh_public_key}" },
    ]);
    expect(apart.resource.coder_script.dev_secrets_script.agent_id).toBe("${coder_agent.dev.id}");
    expect(annotations(s.stack, "warn")).toEqual([]);

    const shared = json(template((t) => {
      const me = new DataCoderWorkspaceOwner(t, "me");
      new Agent(t, "main").addOwnerSshKey({ owner: me });
      new Agent(t, "dev").addOwnerSshKey({ owner: me });
    }).stack);
    expect(Object.keys(shared.data.coder_workspace_owner)).toEqual(["me"]);
    for (const a of ["main", "dev"]) {
      expect(shared.data.codersecrets_manifest[`${a}_file_secrets`].secret[0].value).toBe("${data.coder_workspace_owner.me.ssh_private_key}");
    }
  });

  describe("the template's own data.coder_workspace_owner: used, or a second one warned about", () => {
    test("made before the call: the call reads it, adds none, and nothing is reported", () => {
      let key!: OwnerSshKey;
      const s = template((t) => {
        new DataCoderWorkspaceOwner(t, "me");
        key = new Agent(t, "main").addOwnerSshKey();
      });
      const out = JSON.parse(appSynth(s));
      expect(Object.keys(out.data.coder_workspace_owner)).toEqual(["me"]);
      expect(out.data.codersecrets_manifest.main_file_secrets.secret[0].value).toBe("${data.coder_workspace_owner.me.ssh_private_key}");
      expect(key.owner.node.path).toBe("tpl/me");
      expect([annotations(s.stack, "error"), annotations(s.stack, "warn")]).toEqual([[], []]);
    });

    test("made after the call: a synth warning names both construct paths and the fix (synthesis still succeeds)", () => {
      const s = template((t) => {
        new Agent(t, "main").addOwnerSshKey();
        new DataCoderWorkspaceOwner(t, "me");
      });
      const out = JSON.parse(appSynth(s));
      expect(Object.keys(out.data.coder_workspace_owner).sort()).toEqual(["main_owner_ssh_key", "me"]);
      expect(annotations(s.stack, "warn")).toEqual([
        "[tpl/main/owner_ssh_key] OwnerSshKey tpl/main/owner_ssh_key: the template has its own data.coder_workspace_owner tpl/me besides the one this call added (tpl/main/owner_ssh_key/Default); one serves every agent, and each is read at every build. Fix: pass it: agent.addOwnerSshKey({ owner: … }) (or create it before the call, which then uses it)",
      ]);
    });

    test("several at the call: none is picked, the call adds its own and the warning names them all", () => {
      const s = template((t) => {
        new DataCoderWorkspaceOwner(t, "me");
        new DataCoderWorkspaceOwner(t, "owner");
        new Agent(t, "main").addOwnerSshKey();
      });
      json(s.stack);
      expect(annotations(s.stack, "warn").join("\n")).toMatch(/its own data\.coder_workspace_owner tpl\/me, tpl\/owner besides the one this call added \(tpl\/main\/owner_ssh_key\/Default\)/);
    });
  });

  describe("bad options throw, naming the construct, the option, the rule and the fix, and leave nothing behind", () => {
    const long = `~/${"k".repeat(4091)}`; // 4093 bytes: the key fits Coder's 4096-byte path limit, FILE.pub does not
    const cases: Array<[string, RegExp]> = [
      ["id_ed25519", /option file "id_ed25519" breaks Coder's file path rule: file path must start with ~\/ or \/\. Fix: make it home-relative \(~\/id_ed25519\) or absolute/],
      ["~coder/.ssh/id_ed25519", /breaks Coder's file path rule: file path must start with ~\/ or \/\. Fix: `~user\/` is not expanded/],
      ["", /option file "" must name a file; it is empty\. Fix: leave `file` unset/],
      ["~/.ssh/", /option file "~\/\.ssh\/" names a directory.*Fix: end the path with the key's file name/],
      ["~/", /option file "~\/" names a directory/],
      ["/home/coder/./", /names a directory/],
      ["~/.ssh/id_ed25519.pub", /ends in \.pub, the name ssh gives the public half of a key\. Fix: name the private key file without \.pub/],
      ["~/.ssh/a\u0000b", /option file "~\/\.ssh\/a\\x00b" breaks Coder's file path rule: file path must not contain null bytes\. Fix: remove the NUL/],
      [long, /\(its public key file .*\): file path must not exceed 4096 bytes\. Fix: shorten `file` so that FILE\.pub fits too \(use a path of 4096 bytes or fewer\), or set publicKey: false/],
    ];
    test.each(cases.map(([file, message]) => [file.length > 60 ? `${file.slice(0, 20)}… (${file.length} bytes)` : JSON.stringify(file), file, message] as const))("file %s", (_label, file, message) => {
      const s = template(() => undefined);
      const agent = new Agent(s.stack, "main");
      const script = agent.secretsScript;
      let thrown: unknown;
      try {
        agent.addOwnerSshKey({ file });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CoderConstructError);
      const err = thrown as CoderConstructError;
      expect(err.message.startsWith("[tpl/main/owner_ssh_key] OwnerSshKey option file ")).toBe(true);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain("\u0000");
      expect(err.constructPath).toBe("tpl/main/owner_ssh_key");
      // Nothing half-built: no child, no binding, no data source; a good call afterwards works.
      expect([agent.node.tryFindChild("owner_ssh_key"), agent.bindings.length, agent.secretsScript === script, agent.fileSecretsManifest]).toEqual([undefined, 0, true, undefined]);
      agent.addOwnerSshKey();
      expect(json(s.stack).data.codersecrets_manifest.main_file_secrets.secret).toHaveLength(2);
    });

    test("the long path is fine without the public key", () => {
      const out = json(template((t) => new Agent(t, "main").addOwnerSshKey({ file: long, publicKey: false })).stack);
      expect(out.data.codersecrets_manifest.main_file_secrets.secret[0].file_path).toBe(long);
    });

    test("a second call on one agent", () => {
      const s = template(() => undefined);
      const agent = new Agent(s.stack, "main");
      agent.addOwnerSshKey();
      const before = agent.bindings.map((b) => b.secret.node.path);
      expect(() => agent.addOwnerSshKey({ file: "~/.ssh/other" })).toThrow(
        /^\[tpl\/main\] agent\.addOwnerSshKey\(\) was already called on this agent \(tpl\/main\/owner_ssh_key\); the owner has one Coder SSH key\. Fix: call it once per agent and keep the OwnerSshKey it returns$/,
      );
      expect(agent.bindings.map((b) => b.secret.node.path)).toEqual(before);
      expect(before).toEqual(["tpl/main/owner_ssh_key/private_key", "tpl/main/owner_ssh_key/public_key"]);
    });

    test("an owner data source of another stack", () => {
      const app = Testing.app();
      const other = new CoderTemplate(app, "other");
      const me = new DataCoderWorkspaceOwner(other, "me");
      const agent = new Agent(new CoderTemplate(app, "tpl"), "main");
      expect(() => agent.addOwnerSshKey({ owner: me })).toThrow(/^\[tpl\/main\/owner_ssh_key\] OwnerSshKey option owner \(other\/me\) is in another stack than the agent\. Fix: pass the data\.coder_workspace_owner of this template/);
      expect(agent.node.tryFindChild("owner_ssh_key")).toBeUndefined();
    });
  });

  test("another secret on the key's file is the agent's duplicate-target error, naming the secret", () => {
    const s = template((t) => {
      const agent = new Agent(t, "main");
      agent.addOwnerSshKey();
      agent.addSecret(new DynamicSecret(t, "deploy_key", { value: new DataCoderWorkspaceOwner(t, "me").sessionToken, file: "~/.ssh/id_ed25519" }));
    });
    expect(synthError(s)).toMatch(/Agent tpl\/main: .*~\/\.ssh\/id_ed25519.*\(DynamicSecret tpl\/deploy_key\)/);
  });
});

describe("ssh_private_key stays refused in plain places (through the construct)", () => {
  const privateKeyOf = (key: OwnerSshKey) => (key.privateKeyBinding.secret as DynamicSecret).value;
  test.each([
    ["a plain metadata item", (t: CoderTemplate, a: Agent, k: OwnerSshKey) => new SecretMetadata(t, "md", { resourceId: a.id }).addItem("key", privateKeyOf(k)), /reaches item "key" of coder_metadata\.md/],
    ["a non-sensitive output", (t: CoderTemplate, _a: Agent, k: OwnerSshKey) => new TerraformOutput(t, "key_out", { value: k.owner.sshPrivateKey }), /reaches the output value of output\.key_out/],
    ["a parameter default", (t: CoderTemplate, _a: Agent, k: OwnerSshKey) => new DataCoderParameter(t, "p", { name: "key", type: "string", default: privateKeyOf(k) }), /reaches default of data\.coder_parameter\.p/],
    ["the startup script", (_t: CoderTemplate, a: Agent, k: OwnerSshKey) => { a.resource.startupScript = `echo '${k.owner.sshPrivateKey}' > ~/k`; }, /reaches startup_script of coder_agent\.main/],
  ])("%s is a synth error", (_what, misuse, where) => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      misuse(t, a, a.addOwnerSshKey());
    });
    const err = synthError(s);
    expect(err).toMatch(new RegExp(`Secret flow: ${OWNER.replace(/\./g, "\\.")}\\.ssh_private_key ${where.source}`));
    expect(err).toMatch(/Fix: /);
  });

  test("addEnv with the key warns (the agent's env map is plain and $-expanded), pointing to addSecret", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      const k = a.addOwnerSshKey();
      a.addEnv("SSH_KEY_TEXT", privateKeyOf(k));
    });
    json(stack);
    expect(annotations(stack, "warn").join("\n")).toMatch(/Secret flow: data\.coder_workspace_owner\.main_owner_ssh_key\.ssh_private_key reaches env\.SSH_KEY_TEXT of coder_agent\.main .*directly.*Fix: use agent\.addSecret/);
  });
});

describe("in the workspace: the synthesized secrets script writes the owner's key where ssh reads it", () => {
  test("both files 0600 (an existing 0644 key replaced), ssh-keygen reads the pair, and no key byte in the script's output", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "owner-ssh-key-"));
    try {
      // The owner's key as Coder makes it by default: an OpenSSH-format ed25519 key. Its bytes are the canary.
      const gen = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "CANARY-owner-comment", "-f", path.join(work, "owner")], { encoding: "utf8" });
      expect(gen.status).toBe(0);
      const privateKey = fs.readFileSync(path.join(work, "owner"), "utf8");
      const publicKey = fs.readFileSync(path.join(work, "owner.pub"), "utf8");
      const home = path.join(work, "home");
      fs.mkdirSync(path.join(home, ".ssh"), { recursive: true, mode: 0o700 });
      fs.chmodSync(home, 0o700);
      fs.writeFileSync(path.join(home, ".ssh", "id_ed25519"), "an old key from the image\n", { mode: 0o644 });

      const out = json(template((t) => new Agent(t, "main").addOwnerSshKey()).stack);
      // What Terraform does at apply: the manifest's inputs resolve to the owner's key.
      const stateOf: Record<string, string> = { [`\${${OWNER}.ssh_private_key}`]: privateKey, [`\${${OWNER}.ssh_public_key}`]: publicKey };
      const entries = (out.data.codersecrets_manifest.main_file_secrets.secret as Array<{ file_path: string; value: string }>).map((e) => secret({ filePath: e.file_path }, stateOf[e.value]));
      const run = spawnSync("/bin/sh", ["-c", literalText(out.resource.coder_script.main_secrets_script.script)], {
        env: { PATH: process.env.PATH, HOME: home, CDKTF_CODER_SECRETS_MANIFEST: encodeManifestBase64(entries) },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect([run.status, run.stderr]).toEqual([0, expect.any(String)]);
      const printed = `${run.stdout}${run.stderr}`;
      expect(printed).toContain("id_ed25519");
      for (const line of privateKey.split("\n").filter((l) => l.length > 0 && !l.startsWith("-----"))) expect(printed).not.toContain(line);

      const at = (f: string) => path.join(home, ".ssh", f);
      expect(fs.readFileSync(at("id_ed25519"), "utf8")).toBe(privateKey);
      expect(fs.readFileSync(at("id_ed25519.pub"), "utf8")).toBe(publicKey);
      expect([fs.statSync(at("id_ed25519")).mode & 0o777, fs.statSync(at("id_ed25519.pub")).mode & 0o777]).toEqual([0o600, 0o600]);
      // ssh-keygen refuses a private key others can read, as ssh does; it reads this one and derives the delivered public key.
      const derived = spawnSync("ssh-keygen", ["-y", "-f", at("id_ed25519")], { encoding: "utf8" });
      expect(derived.status).toBe(0);
      expect(derived.stdout.trim().split(" ").slice(0, 2)).toEqual(publicKey.trim().split(" ").slice(0, 2));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
