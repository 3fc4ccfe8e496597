/**
 * Bench 1 compares each example's synth time with its bare-cdktf twin (bench/bare/examples.ts). The comparison is
 * only fair while both produce the same Terraform: this holds them to identical JSON, apart from cdktf's `//`
 * metadata (construct paths, which differ by design: ours nest, the twins are flat).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { BARE_EXAMPLES } from "../../bench/bare/examples";
import { OURS } from "../../bench/synth";

function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutMetadata(v)]));
}

function synthesized(build: (app: App, id: string) => unknown, name: string): unknown {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bare-baseline-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    build(app, name);
    app.synth();
    return withoutMetadata(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test("every example has a bare twin and nothing else does", () => {
  expect(Object.keys(BARE_EXAMPLES).sort()).toEqual(Object.keys(OURS).sort());
});

test.each(Object.keys(OURS))("%s: the bare twin synthesizes the same Terraform JSON", (name) => {
  expect(synthesized(BARE_EXAMPLES[name]!, name)).toEqual(synthesized(OURS[name]!, name));
});
