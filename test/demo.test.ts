/**
 * `npm run demo` end to end (the compiled demo; jest's global setup builds dist/): every step runs,
 * file secrets land 0600 through both injectors, and the demo's own value self-check passes.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const demo = path.join(__dirname, "..", "dist", "scripts", "demo.js");

describe("npm run demo", () => {
  it("runs every step, exits 0 and prints no value", () => {
    const r = spawnSync(process.execPath, [demo], { encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (let i = 1; i <= 5; i++) expect(r.stdout).toContain(`[${i}/5]`);
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
    expect(r.stdout).toMatch(/self-check: none of the \d+ demo values appears in this output/);
    expect(r.stdout).not.toMatch(/BEGIN PRIVATE KEY|demo-[A-Za-z0-9_-]{24}/);
  });
});
