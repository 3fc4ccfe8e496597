/**
 * Races (issue 18.3): a second process attacks each step of a write while the injector runs, bounded in runs and in
 * time. As root (CI) the attacker is another user, created here with useradd when absent and removed afterwards;
 * otherwise it is the same user (who could write the files anyway: then only the false-"written" half is a claim).
 * Both injectors, each run checked: every "wrote … to PATH" line names a regular file owned by us, 0600, holding its
 * value, and no copy of a value is anywhere else under the attacked tree.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../../lib/core";
import { RunResult, runNode, runSh, tempRoot } from "./harness";

const RUNS = 6;
const ENTRIES = 8;
const SIZE = 128 * 1024;
const IS_ROOT = process.getuid?.() === 0;
const ATTACKER = "cdktfrace";

let root: string;
let createdUser = false;
let attacker: { uid: number; gid: number };

beforeAll(() => {
  root = fs.realpathSync(tempRoot("inject-race-"));
  fs.chmodSync(root, 0o755);
  if (IS_ROOT) {
    if (spawnSync("id", ["-u", ATTACKER]).status !== 0) {
      expect(spawnSync("useradd", ["--no-create-home", "--shell", "/usr/sbin/nologin", ATTACKER]).status).toBe(0);
      createdUser = true;
    }
    const uid = Number(spawnSync("id", ["-u", ATTACKER], { encoding: "utf8" }).stdout);
    const gid = Number(spawnSync("id", ["-g", ATTACKER], { encoding: "utf8" }).stdout);
    attacker = { uid, gid };
  } else {
    attacker = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  }
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  if (createdUser) spawnSync("userdel", [ATTACKER]);
});

function asAttacker(script: string, env: Record<string, string>): ChildProcess {
  return spawn("/bin/sh", ["-c", script], { env: { PATH: "/usr/bin:/bin", ...env }, uid: attacker.uid, gid: attacker.gid, detached: true, stdio: "ignore" });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      resolve();
    }
  });
}

/** Every regular file under dir holding one of the values, as path → value index. */
function copiesOf(dir: string, values: readonly Buffer[]): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const content = fs.readFileSync(p);
        const i = values.findIndex((v) => content.includes(v.subarray(0, 64)));
        if (i >= 0) found.set(p, i);
      }
    }
  };
  walk(dir);
  return found;
}

/** Paths the run says it wrote. */
function writtenPaths(r: RunResult): string[] {
  return [...r.stdout.matchAll(/wrote secret\[\d+\](?: \([^)]*\))? to (.*) \(0600\)/g)].map((m) => m[1]);
}

interface Attack {
  readonly name: string;
  /** Prepares the tree under `base`; returns the target paths and the attacker's script. */
  readonly setup: (base: string) => { targets: string[]; script: string; env: Record<string, string> };
}

/** `base/pub`, 1777 like /tmp: anyone can create entries there. */
function stickyDir(base: string): string {
  const pub = path.join(base, "pub");
  fs.mkdirSync(pub);
  fs.chmodSync(pub, 0o1777);
  return pub;
}

/** `parent/name`, the attacker's own and open to all (0777), as one they would make first. */
function attackerDir(parent: string, name: string): string {
  const d = path.join(parent, name);
  fs.mkdirSync(d);
  fs.chownSync(d, attacker.uid, attacker.gid);
  fs.chmodSync(d, 0o777);
  return d;
}

const ATTACKS: readonly Attack[] = [
  {
    name: "temp file swapped for the attacker's 0666 file, in a directory the attacker owns",
    setup: (base) => {
      const app = attackerDir(stickyDir(base), "app");
      const script = `cd "$D" || exit 1; n=0; while :; do for f in .cdktf-coder-secrets.*; do [ -e "$f" ] || continue; n=$((n+1)); : >o$n; chmod 666 o$n; mv -f o$n "$f"; done; done`;
      return { targets: Array.from({ length: ENTRIES }, (_, i) => path.join(app, `t${i}`)), script, env: { D: app } };
    },
  },
  {
    name: "symlink to another directory raced in at the target",
    setup: (base) => {
      const pub = stickyDir(base);
      const app = attackerDir(pub, "app");
      const loot = attackerDir(pub, "loot");
      const script = `cd "$D" || exit 1; while :; do for i in 0 1 2 3 4 5 6 7; do rm -f t$i; ln -s "$L" t$i; done; done`;
      return { targets: Array.from({ length: ENTRIES }, (_, i) => path.join(app, `t${i}`)), script, env: { D: app, L: loot } };
    },
  },
  {
    name: "missing parent created by the attacker first, then swapped for a symlink mid-run",
    setup: (base) => {
      const pub = stickyDir(base);
      const victim = path.join(base, "victim");
      fs.mkdirSync(victim);
      fs.chmodSync(victim, 0o755);
      const p = path.join(pub, "p");
      const script = `while :; do mkdir "$P" 2>/dev/null && chmod 777 "$P"; mv "$P" "$P.x" 2>/dev/null && ln -s "$V" "$P" && rm -f "$P" && rm -rf "$P.x"; done`;
      return { targets: Array.from({ length: ENTRIES }, (_, i) => path.join(p, `d${i}`, "t")), script, env: { P: p, V: victim } };
    },
  },
];

describe.each([
  ["node", runNode],
  ["sh", runSh],
] as const)("%s injector under attack", (name, run) => {
  test.each(ATTACKS.map((a) => [a.name, a] as const))("%s: 0 secrets outside their targets, 0 false written lines", async (_title, attack) => {
    let falseWritten = 0;
    let outside = 0;
    let written = 0;
    for (let r = 0; r < RUNS; r++) {
      const base = path.join(root, `${name}-${ATTACKS.indexOf(attack)}-${r}`);
      fs.mkdirSync(base);
      fs.chmodSync(base, 0o755);
      const { targets, script, env } = attack.setup(base);
      const values = targets.map((_, i) => Buffer.alloc(SIZE, `RACE-CANARY-${name}-${r}-${i}-`));
      const manifest = encodeManifestBase64(targets.map((t, i) => secret({ filePath: t }, values[i])));
      const child = asAttacker(script, env);
      let result: RunResult;
      try {
        await new Promise((res) => setTimeout(res, 30));
        result = await run(manifest, { home: undefined, chunkChars: 120 * 1024 });
      } finally {
        await stop(child);
      }
      const claimed = new Set(writtenPaths(result));
      written += claimed.size;
      for (const p of claimed) {
        const i = targets.indexOf(p);
        const st = fs.lstatSync(p, { throwIfNoEntry: false });
        const ok = i >= 0 && st !== undefined && st.isFile() && st.uid === process.getuid?.() && (st.mode & 0o7777) === 0o600 && fs.readFileSync(p).equals(values[i]);
        if (!ok) falseWritten++;
      }
      for (const [p, i] of copiesOf(base, values)) {
        if (!(claimed.has(p) && targets[i] === p)) outside++;
      }
      expect(result.stdout + result.stderr).not.toContain("RACE-CANARY");
    }
    // eslint-disable-next-line no-console
    console.log(`${name} / ${attack.name} (${IS_ROOT ? "another user" : "same user"}): ${RUNS} runs, ${written} written, ${falseWritten} false written, ${outside} copies outside`);
    expect({ falseWritten, outside }).toEqual({ falseWritten: 0, outside: 0 });
  }, 60_000);
});
