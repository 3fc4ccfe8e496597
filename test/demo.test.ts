/**
 * `npm run demo` end to end (the compiled demo; jest's global setup builds dist/): every step runs,
 * file secrets land 0600 through both injectors, a file secret dropped from a template is removed on the next delivery
 * (or kept when the user changed it) by both, and the demo's own value self-check passes.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const demo = path.join(__dirname, "..", "dist", "scripts", "demo.js");

describe("npm run demo", () => {
  it("runs every step, exits 0 and prints no value", () => {
    const r = spawnSync(process.execPath, [demo], { encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^\[\d\/\d\]/gm)).toEqual(["[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]"]);
    expect(r.stdout).toMatch(/answered its handshake in \d+ ms over \w+ with mTLS/);
    expect(r.stdout).toContain("ssh-key-file/main: node injector written file ~/.ssh/id_ed25519 -> ~/.ssh/id_ed25519 mode 0600");
    expect(r.stdout).toContain("ssh-key-file/main: sh delivery wrote the same 1 file(s), same bytes and modes");
    expect(r.stdout).toContain("owner-ssh-key/main: node injector written file ~/.ssh/id_ed25519.pub -> ~/.ssh/id_ed25519.pub mode 0600");
    expect(r.stdout).toContain("owner-ssh-key/main: sh delivery wrote the same 2 file(s), same bytes and modes");
    expect(r.stdout).toMatch(/secret env:TWILIO_API_SECRET sha256:[0-9a-f]{12}/);
    // The external auth token: its file formats evaluated over the stand-in, git answering with the delivered token.
    expect(r.stdout).toMatch(/evaluated: ~\/\.config\/gh\/hosts\.yml = the template's expression over the stand-in/);
    const ghToken = /secret env:GITHUB_TOKEN (sha256:[0-9a-f]{12})/.exec(r.stdout)?.[1];
    expect(ghToken).toBeDefined();
    expect(r.stdout).toContain(`git credential fill for https://github.com: username x-access-token, password ${ghToken}`);
    expect(r.stdout).toContain("missing required user secret");

    // Step 5: the same templates synthesized again with one file secret dropped, delivered into the same homes.
    const step5 = r.stdout.slice(r.stdout.indexOf("[5/6]"), r.stdout.indexOf("[6/6]"));
    expect(step5).toContain("owner-ssh-key: synthesized again with agent.addOwnerSshKey({ owner, publicKey: false }): ~/.ssh/id_ed25519.pub is no longer a file secret");
    expect(step5).toContain("owner-ssh-key/main: node injector removed stale file ~/.ssh/id_ed25519.pub (written by an earlier run, no longer in the manifest)");
    expect(step5).toMatch(/coder_script "Secrets": cdktf-coder-secrets: removed stale file \/\S+\/stale-sh\/owner-ssh-key\/\.ssh\/id_ed25519\.pub \(written by an earlier run/);
    expect(step5).toContain(
      "owner-ssh-key/main: ~/.ssh/id_ed25519.pub removed from both homes; both injectors agree (the same 1 file(s), bytes and modes, the same state file); the state lists ~/.ssh/id_ed25519 and no longer ~/.ssh/id_ed25519.pub",
    );
    const edited = /~\/\.config\/gh\/hosts\.yml is now (sha256:[0-9a-f]{12}) \(the injectors wrote (sha256:[0-9a-f]{12})\)/.exec(step5);
    expect(edited).not.toBeNull();
    expect(edited?.[1]).not.toBe(edited?.[2]);
    expect(step5).toContain("github-external-auth/main: node injector kept ~/.config/gh/hosts.yml: changed since it was written");
    expect(step5).toMatch(/coder_script "Secrets": cdktf-coder-secrets: kept \/\S+\/stale-sh\/github-external-auth\/\.config\/gh\/hosts\.yml: changed since it was written/);
    expect(step5).toContain(
      `github-external-auth/main: ~/.config/gh/hosts.yml kept in both homes with the user's bytes (${edited?.[1]}), reported as changed since it was written; both injectors agree (the same 2 file(s), bytes and modes, the same state file); the state lists ~/.config/git/credentials-coder-github and no longer ~/.config/gh/hosts.yml`,
    );
    expect(r.stdout).toMatch(/self-check: none of the \d+ demo values appears in this output \(steps 1-6\)\n$/);
    expect(r.stdout).not.toMatch(/BEGIN PRIVATE KEY|demo-[A-Za-z0-9_-]{24}/);
  });
});
