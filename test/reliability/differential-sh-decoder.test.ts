/**
 * The sh delivery script's decoder against the independent oracle (@bufbuild/protobuf's reader with Go's rules), on a
 * bounded, seeded sample of the same corpus the Node decoder is fuzzed with (test/support/manifest-corpus.ts). The
 * script is slow (a fork per few bytes), so each run takes a sample; the seed rotates per run and is printed on failure.
 *
 * What is compared: the decoder's verdict (a wire-format refusal is exit 2 naming a byte offset), and for every input
 * both accept, the bytes of each file the script wrote against the oracle's last-wins value for that path. The script
 * only writes file secrets, so env-only entries show only in the verdict. Inputs whose decoded paths would leave the
 * test's own directory are left out of the sample (they would be written for real); the script runs as `nobody` when
 * the test runs as root, so a stray absolute path cannot land anywhere that matters.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveSecretPath } from "../../lib/core/paths";
import { manifestCorpus, sampleCorpus, type ManifestCase } from "../support/manifest-corpus";
import { oracleDecodeManifest, verdictOf } from "../support/manifest-oracle";
import { MANIFEST_VAR, SCRIPT } from "../inject/harness";

jest.setTimeout(240_000);

const SAMPLE = 90;
const SEED = Number(process.env.SH_CORPUS_SEED ?? Math.floor(Date.now() / 1000) % 10_000);
const WIRE_REFUSAL = /bad manifest in \S+: (?:secret\[\d+\]: )?byte \d+: /;

interface Sandbox {
  readonly root: string;
  readonly home: string;
  readonly runtime: string;
  readonly ids: { uid: number; gid: number } | undefined;
}

function nobody(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "nobody"], { encoding: "utf8" });
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) } : undefined;
}

function sandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sh-decoder-diff-"));
  fs.chmodSync(root, 0o755);
  // Deep enough that no `..` in a corpus path (at most 10 characters after `~/`) climbs out of `root`.
  const home = path.join(root, "a", "b", "c", "d", "e", "f", "home");
  const runtime = path.join(root, "runtime");
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  fs.mkdirSync(runtime, { mode: 0o700 });
  const ids = nobody();
  if (ids) for (const d of [home, runtime]) fs.chownSync(d, ids.uid, ids.gid);
  return { root, home, runtime, ids };
}

/** The files under `dir`, path → content (hex). */
function filesUnder(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) out.set(p, fs.readFileSync(p).toString("hex"));
  }
  return out;
}

/** The oracle's files for an accepted input (last wins), or undefined when a path would leave the sandbox. */
function expectedFiles(c: ManifestCase, box: Sandbox): Map<string, string> | undefined | "rejected" {
  const verdict = verdictOf(oracleDecodeManifest, c.bytes);
  if (!verdict.accepted) return "rejected";
  const out = new Map<string, string>();
  for (const s of verdict.secrets) {
    if (s.filePath === "") continue;
    if (!s.filePath.startsWith("~/")) return undefined;
    const target = resolveSecretPath(s.filePath, box.home);
    if (target === undefined || !target.startsWith(box.root + path.sep)) return undefined;
    out.set(target, s.valueHex);
  }
  return out;
}

function runScript(c: ManifestCase, box: Sandbox): { code: number; stderr: string } {
  const r = spawnSync("/bin/sh", ["-c", SCRIPT], {
    env: { PATH: "/usr/bin:/bin", HOME: box.home, XDG_RUNTIME_DIR: box.runtime, [MANIFEST_VAR]: Buffer.from(c.bytes).toString("base64") },
    encoding: "utf8",
    ...(box.ids ?? {}),
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stderr: r.stderr };
}

function clearHome(box: Sandbox): void {
  for (const e of fs.readdirSync(path.join(box.root, "a"))) fs.rmSync(path.join(box.root, "a", e), { recursive: true, force: true });
  fs.mkdirSync(box.home, { recursive: true, mode: 0o755 });
  if (box.ids) fs.chownSync(box.home, box.ids.uid, box.ids.gid);
}

describe(`the sh delivery script's decoder against the oracle (sample of ${SAMPLE}, seed ${SEED})`, () => {
  let box: Sandbox;
  beforeAll(() => { box = sandbox(); });
  afterAll(() => fs.rmSync(box.root, { recursive: true, force: true }));

  test("same verdict on every sampled input, and the oracle's bytes in every file written", () => {
    const corpus = manifestCorpus({ seed: 17, random: 120, mutations: 600 });
    const problems: string[] = [];
    let accepted = 0;
    let rejected = 0;
    let compared = 0;
    // The sample, plus the first random valid manifests, so every seed compares written bytes, not only verdicts.
    const valid = corpus.filter((c) => /^seed 17 random ([0-9]|[12][0-9])$/.test(c.label));
    for (const c of [...sampleCorpus(corpus, SAMPLE, SEED), ...valid]) {
      const expected = expectedFiles(c, box);
      if (expected === undefined) continue;
      clearHome(box);
      const r = runScript(c, box);
      const shRefused = r.code === 2 && WIRE_REFUSAL.test(r.stderr);
      if (expected === "rejected") {
        rejected++;
        if (!shRefused) problems.push(`${c.label}: the oracle refuses it, sh did not (exit ${r.code})`);
        continue;
      }
      accepted++;
      if (shRefused) {
        problems.push(`${c.label}: the oracle accepts it, sh refused: ${r.stderr.trim().split("\n").pop()}`);
        continue;
      }
      // Exit 2 without a byte offset is a rule refusal (e.g. a path Coder's rules reject): nothing written.
      const written = filesUnder(path.join(box.root, "a"));
      if (r.code === 2 && written.size > 0) problems.push(`${c.label}: refused by a rule but wrote ${written.size} file(s)`);
      for (const [p, hex] of written) {
        compared++;
        if (!expected.has(p)) problems.push(`${c.label}: sh wrote ${path.relative(box.root, p)}, which the oracle's entries do not name`);
        else if (expected.get(p) !== hex) problems.push(`${c.label}: ${path.relative(box.root, p)} differs from the oracle's value`);
      }
      if (r.code === 0 && written.size !== expected.size) problems.push(`${c.label}: exit 0 but ${written.size} of ${expected.size} files written`);
    }
    expect(problems).toEqual([]);
    // The sample must exercise both sides, or the comparison says nothing.
    expect({ accepted: accepted > 10, rejected: rejected > 10, compared: compared > 5 }).toEqual({ accepted: true, rejected: true, compared: true });
  });
});
