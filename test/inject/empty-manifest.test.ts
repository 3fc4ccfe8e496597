/**
 * The manifest variable set but empty: what an Agent without file secrets gives its secrets script (README.md: "Stale
 * secret files"). Every runner of ./harness.ts (the Node CLI, sh, sh -eu, sh with BusyBox applets only) must read it
 * as a manifest with no entries, not as bad input: the stale step then removes every file an earlier run wrote that is
 * still the file it wrote, keeps a changed one, and leaves a state holding the header only. An unset variable stays bad
 * input (exit 2) that removes nothing.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeManifestBase64, printablePath, secret } from "../../lib/core";
import { cleanupApplets, MANIFEST_VAR, RUNNERS, tempRoot } from "./harness";

const HEADER = "cdktf-coder-secrets state 1\n";
const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");
const hexOf = (p: string) => Buffer.from(p, "utf8").toString("hex");

const TOKEN = "CANARY-empty-manifest-token-Qz81";
const KEY = "CANARY-empty-manifest-key-Vb27";
const CHANGED = "edited by the user, no secret\n";

afterAll(cleanupApplets);

describe.each(RUNNERS)("the manifest variable set but empty: %s injector", (_name, run) => {
  let root: string;
  let home: string;
  let stateFile: string;
  const at = (rel: string) => path.join(home, rel);

  beforeEach(() => {
    root = fs.realpathSync(tempRoot("inject-empty-"));
    home = path.join(root, "home");
    fs.mkdirSync(home, { mode: 0o755 });
    stateFile = path.join(home, ".local/state/cdktf-coder-secrets", `${MANIFEST_VAR}.state`);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const firstRun = async () => {
    const first = await run(encodeManifestBase64([secret({ filePath: "~/.config/app/token" }, TOKEN), secret({ filePath: "~/.ssh/id_test" }, KEY)]), { home });
    expect([first.code, first.stderr]).toEqual([0, expect.any(String)]);
    expect(fs.readFileSync(stateFile, "utf8")).toBe(`${HEADER}${sha256(TOKEN)} ${hexOf(at(".config/app/token"))}\n${sha256(KEY)} ${hexOf(at(".ssh/id_test"))}\n`);
  };

  test("an empty manifest: unchanged files an earlier run wrote are removed, a changed one is kept, the state is the header only", async () => {
    await firstRun();
    fs.writeFileSync(at(".ssh/id_test"), CHANGED);
    const r = await run("", { home });
    expect(encodeManifestBase64([])).toBe(""); // what the empty manifest is, as the Agent sets it
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(fs.existsSync(at(".config/app/token"))).toBe(false);
    expect(fs.statSync(at(".config/app")).isDirectory()).toBe(true); // only the file goes
    expect(fs.readFileSync(at(".ssh/id_test"), "utf8")).toBe(CHANGED);
    expect(r.stdout).toContain(`removed stale file ${printablePath(at(".config/app/token"))} (written by an earlier run, no longer in the manifest)`);
    expect(r.stdout).toMatch(/0 (file secrets )?written, 0 skipped, 0 failed, 1 stale removed/);
    expect(r.stderr).toContain(`kept ${printablePath(at(".ssh/id_test"))}: changed since it was written`);
    expect(r.stderr).not.toMatch(/bad manifest|nothing written/);
    expect(fs.readFileSync(stateFile, "utf8")).toBe(HEADER);
    for (const text of [r.stdout, r.stderr, fs.readFileSync(stateFile, "utf8")]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY);
    }
  });

  test("an empty manifest and no state yet (an agent that never had file secrets): exit 0, nothing removed", async () => {
    fs.writeFileSync(at("own-file"), "the user's\n");
    const r = await run("", { home });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/bad manifest|stale|kept/) });
    expect(r.stdout).toMatch(/0 (file secrets )?written, 0 skipped, 0 failed$/m);
    expect(fs.readFileSync(at("own-file"), "utf8")).toBe("the user's\n");
  });

  test("the variable unset is still bad input: exit 2, nothing removed, the state untouched", async () => {
    await firstRun();
    const before = fs.readFileSync(stateFile, "utf8");
    const r = await run("", { home, unset: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${MANIFEST_VAR}.*not set`));
    expect(fs.readFileSync(at(".config/app/token"), "utf8")).toBe(TOKEN);
    expect(fs.readFileSync(stateFile, "utf8")).toBe(before);
  });
});
