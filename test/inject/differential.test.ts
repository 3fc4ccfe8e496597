/**
 * Differential fuzz: mutated manifests (seeded, bounded) through both injectors; they must agree on bad input
 * (exit 2 or not), on every file they write (resolved path and content, in order) and on the exit code.
 *
 * Mutated paths can point anywhere, so the sh script runs with shims first on PATH that only record: `mkdir` does
 * nothing, `mktemp` (for a file) creates in a log dir, `mv` copies the file into the log with its destination. Its
 * `[ -L ]`/`[ -d ]` checks read the real filesystem, as the Node injector's dry run does.
 *
 * The state file of stale secret files (lib/inject/state.ts) is one more write: the sh script's goes through the same
 * shims (no state exists, so it is always written), and the Node side adds the state file its dry run would write
 * (`report.stale.state`), so a difference in the state bytes fails the comparison like a difference in a secret file.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { decodeManifestBase64, encodeManifestBase64, ManifestDecodeError, secret } from "../../lib/core";
import { InjectInputError, injectManifest } from "../../lib/inject";
import { MANIFEST_VAR, SCRIPT, tempRoot } from "./harness";
import { manifestCorpus, sampleCorpus } from "../support/manifest-corpus";
import { oracleDecodeManifest, verdictOf } from "../support/manifest-oracle";
import { prng } from "../support/prng";

const SAMPLES = Number(process.env.INJECT_FUZZ_SAMPLES ?? 150);
const SEED = Number(process.env.INJECT_FUZZ_SEED ?? 0x5ec7e75);
/** The corpus sample rotates per run (the seed is in the test's name); the sh script is too slow for all of it. */
const CORPUS_SAMPLE = 90;
const CORPUS_SEED = Number(process.env.SH_CORPUS_SEED ?? Math.floor(Date.now() / 1000) % 10_000);


let root: string;
let shimBin: string;

beforeAll(() => {
  root = fs.realpathSync(tempRoot("inject-diff-"));
  shimBin = path.join(root, "shims");
  fs.mkdirSync(shimBin);
  const shim = (name: string, body: string) => {
    fs.writeFileSync(path.join(shimBin, name), `#!/bin/sh\n${body}\n`);
    fs.chmodSync(path.join(shimBin, name), 0o755);
  };
  shim("mkdir", "exit 0");
  shim("mktemp", `if [ "$1" = -d ]; then exec /usr/bin/mktemp "$@"; fi\nexec /usr/bin/mktemp "$SHIM_LOG/t.XXXXXXXX"`);
  // mv -f -T -- TEMP TARGET: record TARGET, keep the temp file (same inode) as the logged data.
  shim("mv", `for a; do s=$d; d=$a; done; i=0; while [ -e "$SHIM_LOG/$i.path" ]; do i=$((i+1)); done\nprintf %s "$d" >"$SHIM_LOG/$i.path"; exec /bin/mv -f "$s" "$SHIM_LOG/$i.data"`);
  // ls on a recorded target answers for its logged data (the post-rename check); anything else is the real ls.
  shim("ls", `for a; do t=$a; done; i=0; while [ -e "$SHIM_LOG/$i.path" ]; do [ "$(cat "$SHIM_LOG/$i.path")" != "$t" ] || exec /bin/ls -lndi "$SHIM_LOG/$i.data"; i=$((i+1)); done\nexec /bin/ls "$@"`);
  // rm only inside the log and the private dir: mutated paths point anywhere.
  shim("rm", `for a; do case $a in "$SHIM_LOG"/*|"$XDG_RUNTIME_DIR"/*) /bin/rm -rf -- "$a" ;; esac; done`);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Outcome {
  readonly bad: boolean;
  readonly code: number;
  readonly writes: readonly string[];
}

/** What a recorded write looks like: the destination, then the bytes as hex. */
const written = (target: string, bytes: Uint8Array) => `${JSON.stringify(target)} ${Buffer.from(bytes).toString("hex")}`;

function viaNode(b64: string, home: string): Outcome {
  try {
    const secrets = decodeManifestBase64(b64);
    const report = injectManifest(secrets, { homeDir: home, dryRun: true, state: { key: MANIFEST_VAR, xdgStateHome: undefined } });
    const writes = report.results.filter((r) => r.action === "written").map((r) => written(r.path as string, secrets[r.index as number].value));
    const state = report.stale.state;
    if (state?.bytes !== undefined) writes.push(written(state.path, state.bytes));
    return { bad: false, code: report.exitCode, writes };
  } catch (err) {
    if (err instanceof ManifestDecodeError || err instanceof InjectInputError) return { bad: true, code: 2, writes: [] };
    throw err;
  }
}

function viaSh(b64: string, home: string, log: string): Outcome {
  fs.mkdirSync(log);
  const r = spawnSync("/bin/sh", ["-c", SCRIPT], {
    env: { PATH: `${shimBin}:/usr/bin:/bin`, HOME: home, SHIM_LOG: log, XDG_RUNTIME_DIR: root, [MANIFEST_VAR]: b64 },
    encoding: "utf8",
  });
  const writes: string[] = [];
  for (let i = 0; fs.existsSync(`${log}/${i}.path`); i++) {
    writes.push(written(fs.readFileSync(`${log}/${i}.path`, "utf8"), fs.readFileSync(`${log}/${i}.data`)));
  }
  return { bad: r.status === 2, code: r.status ?? -1, writes };
}

/** The secret files among an outcome's writes (the last write of an accepted manifest is the state file). */
const secretWrites = (o: Outcome) => (o.bad ? 0 : o.writes.length - 1);

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const b = [...bytes];
  const at = () => Math.floor(rnd() * Math.max(1, b.length));
  const steps = 1 + Math.floor(rnd() * 3);
  for (let s = 0; s < steps; s++) {
    const op = Math.floor(rnd() * 6);
    if (op === 0) b[at()] = Math.floor(rnd() * 256); // random byte
    else if (op === 1) b[at()] ^= 1 << Math.floor(rnd() * 8); // bit flip
    else if (op === 2) b.splice(at(), 1); // delete
    else if (op === 3) b.splice(at(), 0, Math.floor(rnd() * 256)); // insert
    else if (op === 4) b.length = at(); // truncate
    else b[at()] = [0x2f, 0x7e, 0x2e, 0x00, 0x80, 0x9a, 0x12, 0x0a][Math.floor(rnd() * 8)]; // / ~ . NUL, continuation, tags
  }
  return Uint8Array.from(b);
}

test(`Node and sh agree on ${SAMPLES} mutated manifests`, () => {
  const rnd = prng(SEED);
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  const base = Buffer.from(
    encodeManifestBase64([
      secret({ filePath: "~/a/b" }, "v1"),
      secret({ envName: "E", filePath: "~/c" }, "v2"),
      secret({ envName: "ONLY" }, "v3"),
      secret({ filePath: "~/./a/../d" }, Uint8Array.from([0, 255, 10])),
      secret({ filePath: `${root}/abs/x` }, "v5"),
    ]),
    "base64",
  );
  const tally = { bad: 0, good: 0, writes: 0 };
  for (let i = 0; i < SAMPLES; i++) {
    const b64 = Buffer.from(mutate(base, rnd)).toString("base64");
    const node = viaNode(b64, home);
    const sh = viaSh(b64, home, path.join(root, `log${i}`));
    expect({ sample: i, b64, ...sh }).toEqual({ sample: i, b64, ...node });
    if (node.bad) tally.bad++;
    else tally.good++;
    tally.writes += secretWrites(node);
  }
  // The mutations must exercise both sides of the parser.
  expect(tally.bad).toBeGreaterThan(SAMPLES / 10);
  expect(tally.good).toBeGreaterThan(SAMPLES / 10);
  // eslint-disable-next-line no-console
  console.log(`differential: ${tally.bad} rejected, ${tally.good} accepted, ${tally.writes} files compared`);
});

test(`Node and sh agree on ${SAMPLES} mutated base64 texts`, () => {
  const rnd = prng(SEED ^ 0xba5e64);
  const home = path.join(root, "home64");
  fs.mkdirSync(home);
  const base = encodeManifestBase64([secret({ filePath: "~/k" }, "value-1"), secret({ filePath: "~/l" }, "v2")]);
  const noise = [" ", "\t", "\n", "\r", "\v", "\f", "=", "==", "A", "+", "/", "-", "_", "*", "\u0000"];
  let bad = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const chars = [...base];
    const steps = 1 + Math.floor(rnd() * 3);
    for (let s = 0; s < steps; s++) {
      const at = Math.floor(rnd() * (chars.length + 1));
      const op = Math.floor(rnd() * 4);
      if (op === 0) chars.splice(at, 0, noise[Math.floor(rnd() * noise.length)]);
      else if (op === 1) chars.splice(at, 1);
      else if (op === 2) chars.splice(Math.max(0, chars.length - 1 - Math.floor(rnd() * 3)), 3); // drop padding/tail
      else chars.splice(at, 0, ...noise.slice(0, 6)); // a run of whitespace
    }
    const text = chars.join("");
    if (text.includes("\u0000")) continue; // an env var cannot hold NUL
    const node = viaNode(text, home);
    const sh = viaSh(text, home, path.join(root, `b64log${i}`));
    expect({ sample: i, text, ...sh }).toEqual({ sample: i, text, ...node });
    if (node.bad) bad++;
  }
  expect(bad).toBeGreaterThan(0);
  expect(bad).toBeLessThan(SAMPLES);
});

test(`the sh script on the decoder corpus (sample of ${CORPUS_SAMPLE}, seed ${CORPUS_SEED}): the oracle's verdict, the Node injector's writes`, () => {
  // The same corpus the Node decoder is fuzzed with against @bufbuild/protobuf (test/reliability); the Node injector's
  // dry run stands for the oracle's bytes here, since that fuzz holds the Node decoder to them.
  const corpus = manifestCorpus({ seed: 17, random: 120, mutations: 600 });
  // Plus the first random valid manifests, so every seed compares written bytes, not only verdicts.
  const valid = corpus.filter((c) => /^seed 17 random ([0-9]|[12][0-9])$/.test(c.label));
  const home = path.join(root, "corpus-home");
  fs.mkdirSync(home);
  const tally = { rejected: 0, accepted: 0, writes: 0 };
  for (const [i, c] of [...sampleCorpus(corpus, CORPUS_SAMPLE, CORPUS_SEED), ...valid].entries()) {
    const b64 = Buffer.from(c.bytes).toString("base64");
    const oracleRejects = !verdictOf(oracleDecodeManifest, c.bytes).accepted;
    const node = viaNode(b64, home);
    const sh = viaSh(b64, home, path.join(root, `corpus-log${i}`));
    expect({ case: c.label, oracleRejects, shBad: sh.bad || !oracleRejects }).toEqual({ case: c.label, oracleRejects, shBad: true });
    expect({ case: c.label, ...sh }).toEqual({ case: c.label, ...node });
    if (oracleRejects) tally.rejected++;
    else tally.accepted++;
    tally.writes += secretWrites(node);
  }
  // The sample must exercise both sides, or the comparison says nothing.
  expect({ rejected: tally.rejected > 10, accepted: tally.accepted > 10, writes: tally.writes > 5 }).toEqual({ rejected: true, accepted: true, writes: true });
});
