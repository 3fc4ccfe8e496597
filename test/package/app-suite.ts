/**
 * One user app per CDK package (cdktf 0.21 or CDK Terrain's cdktn 0.24), with the packed tarball and a constructs
 * patch other than the repository's, shared by every assertion about it: one `constructs` copy, a template with a
 * DynamicSecret, a UserSecret and SecretMetadata synthesizes, the secret-flow check fails a planted leak, warnings
 * reach stderr under plain node, the repository's examples (imports rewritten to the public entry points) synthesize
 * the same Terraform as in the repository, and every TypeScript block of README.md and examples/README.md compiles
 * against the package with the tsconfig `cdktf init` writes, the tutorials synthesizing.
 *
 * The app runs under plain `node` (the library is tested on Node 20). The CDK CLIs are not run here: `cdktn-cli` 0.24
 * needs Node >= 22.19, and this suite runs on the Node that runs jest.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installScratchApp, RunResult, ScratchApp } from "../support/scratch-app";

const ROOT = path.join(__dirname, "..", "..");
export const CANARY = "canary-5d1f0a9e7c3b";

export interface Peers {
  readonly cdk: "cdktf" | "cdktn";
  readonly version: string;
  readonly constructs: string;
}

/** The compiler and node typings the app builds with (the repository's pins). */
function devPins(): Record<string, string> {
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies as Record<string, string>;
  return { typescript: dev.typescript, "@types/node": dev["@types/node"] };
}

/**
 * The tsconfig of `cdktf init --template=typescript` (cdktf-cli 0.21), with an outDir; on cdktn, plus the `paths`
 * lines README.md gives cdktn apps (the package's typings name cdktf).
 */
function userTsconfig(cdk: string): string {
  const init = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json");
  const config = JSON.parse(fs.readFileSync(init, "utf8"));
  config.compilerOptions = { ...config.compilerOptions, outDir: "out", inlineSourceMap: false, inlineSources: false, incremental: false };
  if (cdk === "cdktn") config.compilerOptions.paths = { cdktf: ["./node_modules/cdktn"], "cdktf/*": ["./node_modules/cdktn/*"] };
  config.exclude = [...config.exclude, "out"];
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The check app: plain JS, so it runs as written; LEAK=1 plants a sensitive value in a plain output. */
function checkApp(cdk: string): string {
  return `
const cdk = require(${JSON.stringify(cdk)});
const { Agent, CoderTemplate, DynamicSecret, SecretMetadata, SecretValue, UserSecret } = require("cdktf-coder-secrets");
const app = new cdk.App();
const t = new CoderTemplate(app, "check");
const agent = new Agent(t, "main", {});
const pw = new cdk.TerraformVariable(t, "db_password", { type: "string", sensitive: true, default: ${JSON.stringify(CANARY)} });
// A variable's default is a literal in the synthesized template: delivering it is an explicit opt-in.
const db = new DynamicSecret(t, "db", { value: SecretValue.unsafeFromPlaintext(pw.stringValue), env: "DB_PASSWORD" });
agent.addSecret(db);
const gh = new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" });
agent.addSecret(gh);
const md = new SecretMetadata(t, "info", { resourceId: agent.id });
md.addSecret("db password", db);
md.addUserSecrets([gh]);
if (process.env.LEAK) new cdk.TerraformOutput(t, "leak", { value: pw.stringValue });
if (process.env.WARN) agent.addEnv("PLAIN_PASSWORD", pw.stringValue);
app.synth();
`;
}

/** Every subpath of the exports map, typed as a user's compiler resolves it (node10 resolution: typesVersions). */
const ENTRY_POINTS = `
import { CoderTemplate } from "cdktf-coder-secrets";
import { app, dataCoderWorkspace } from "cdktf-coder-secrets/coder";
import { App as CoderApp } from "cdktf-coder-secrets/coder/app";
import { injectManifest } from "cdktf-coder-secrets/inject";
const check: boolean = app.App === CoderApp && typeof injectManifest === "function" && typeof CoderTemplate.of === "function";
export const entryPoints = { check, workspace: dataCoderWorkspace.DataCoderWorkspace.tfResourceType };
`;

/** Rewrites a module specifier of the repository's examples to what a user of the package writes, or throws. */
function publicSpecifier(fromFile: string, spec: string, cdk: string): string {
  if (spec === "cdktf") return cdk;
  if (!spec.startsWith(".")) return spec;
  const target = path.relative(ROOT, path.resolve(path.dirname(fromFile), spec)).split(path.sep).join("/");
  if (target.startsWith("examples/")) return spec;
  if (target === "lib" || target === "lib/index") return "cdktf-coder-secrets";
  if (target === "lib/inject" || target === "lib/inject/index") return "cdktf-coder-secrets/inject";
  const coder = /^provider\/generated\/coder(?:\/([a-z0-9-]+))?(?:\/index)?$/.exec(target);
  if (coder) return coder[1] ? `cdktf-coder-secrets/coder/${coder[1]}` : "cdktf-coder-secrets/coder";
  throw new Error(`${path.relative(ROOT, fromFile)} imports ${spec} (${target}), which a user of the package cannot: use a public entry point`);
}

function rewriteImports(file: string, text: string, cdk: string): string {
  return text.replace(/(from |require\()(["'])([^"']+)\2/g, (_m, kw: string, q: string, spec: string) => `${kw}${q}${publicSpecifier(file, spec, cdk)}${q}`);
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTs(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Every ```ts block of a markdown file, with the line it starts on. */
export function typescriptBlocks(markdown: string): Array<{ line: number; code: string }> {
  const out: Array<{ line: number; code: string }> = [];
  const re = /^```(?:ts|typescript)\s*\n([\s\S]*?)^```\s*$/gm;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) out.push({ line: markdown.slice(0, m.index).split("\n").length, code: m[1] });
  return out;
}

export const DOCS = ["README.md", "examples/README.md"];

function synthesizedStacks(outdir: string): Record<string, unknown> {
  const stacks = path.join(outdir, "stacks");
  const out: Record<string, unknown> = {};
  for (const name of fs.readdirSync(stacks).sort()) {
    const tf = JSON.parse(fs.readFileSync(path.join(stacks, name, "cdk.tf.json"), "utf8"));
    delete tf["//"];
    out[name] = tf;
  }
  return out;
}

function show(r: RunResult): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

export function describeUserApp(peers: Peers): void {
  describe(`a user's app on ${peers.cdk}@${peers.version} with constructs@${peers.constructs} (not the repository's)`, () => {
    let app: ScratchApp;
    const docFiles: Array<{ source: string; line: number; file: string; synth: boolean }> = [];

    beforeAll(() => {
      app = installScratchApp({
        dependencies: { [peers.cdk]: peers.version, constructs: peers.constructs },
        devDependencies: devPins(),
        files: { "check.js": checkApp(peers.cdk), "tsconfig.json": userTsconfig(peers.cdk), "entry-points.ts": ENTRY_POINTS },
      });
      // The repository's examples, imports rewritten to the public entry points; their example-only bindings
      // (docker, tls, twilio) stand for the app's own `cdktf get` output, generated for the app's CDK package.
      for (const file of listTs(path.join(ROOT, "examples"))) {
        const rel = path.relative(ROOT, file);
        app.write(rel, rewriteImports(file, fs.readFileSync(file, "utf8"), peers.cdk));
      }
      for (const name of ["tls", "twilio", "docker"]) {
        for (const file of listTs(path.join(ROOT, "examples", "generated", name))) {
          const rel = path.relative(path.join(ROOT, "examples", "generated"), file);
          app.write(path.join(".gen", "providers", rel), rewriteImports(file, fs.readFileSync(file, "utf8"), peers.cdk));
        }
      }
      for (const source of DOCS) {
        typescriptBlocks(fs.readFileSync(path.join(ROOT, source), "utf8")).forEach((b, i) => {
          const file = `docs/${source.replace(/[/.]/g, "_")}_${i + 1}.ts`;
          const code = b.code.replace(/\.\/\.gen\//g, "../.gen/").replace(/(from |require\()(["'])cdktf\2/g, `$1$2${peers.cdk}$2`);
          app.write(file, code);
          docFiles.push({ source, line: b.line, file, synth: /\bapp\.synth\(\)/.test(b.code) });
        });
      }
    }, 600_000);

    afterAll(() => app?.remove());

    let compiled: RunResult | undefined;
    /** tsc over the app (docs, examples, bindings), once; later tests run its output. */
    const compile = (): RunResult => (compiled ??= app.run("npx", ["tsc", "-p", "tsconfig.json"]));

    test("npm resolves one constructs copy, shared by the CDK package and this library", () => {
      const r = app.run("npm", ["ls", "constructs", "--all", "--parseable"]);
      expect(r.status).toBe(0);
      const copies = r.stdout.split("\n").filter((l) => l.trim() !== "");
      expect(copies).toEqual([path.join(fs.realpathSync(app.dir), "node_modules", "constructs")]);
      expect(JSON.parse(fs.readFileSync(path.join(app.dir, "node_modules", "constructs", "package.json"), "utf8")).version).toBe(peers.constructs);
      expect(fs.existsSync(path.join(app.dir, "node_modules", peers.cdk === "cdktf" ? "cdktn" : "cdktf"))).toBe(false);
    });

    test("a template with a DynamicSecret, a UserSecret and SecretMetadata synthesizes", () => {
      const r = app.run("node", ["check.js"], { cwd: app.dir });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const tf = JSON.parse(fs.readFileSync(path.join(app.dir, "cdktf.out", "stacks", "check", "cdk.tf.json"), "utf8"));
      expect(tf["//"].metadata.version).toBe(peers.version);
      expect(Object.keys(tf.data.codersecrets_manifest)).toEqual(["main_env_secrets"]);
      expect(tf.resource.coder_agent.main.env.DB_PASSWORD).toBe("${data.codersecrets_manifest.main_env_secrets.env.DB_PASSWORD}");
      expect(tf.resource.coder_metadata.info.item.find((i: { key: string }) => i.key === "db password")).toMatchObject({ sensitive: true });
      expect(tf.terraform.backend).toBeUndefined();
    });

    test("the secret-flow check is active: a sensitive value in a plain output fails synth, naming it, printing no value", () => {
      const r = app.run("node", ["check.js"], { env: { LEAK: "1" } });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/\[check\/leak\]/);
      expect(`${r.stdout}${r.stderr}`).not.toContain(CANARY);
    });

    test("synthesis warnings reach stderr under plain node (a secret passed to addEnv), with no value", () => {
      const r = app.run("node", ["check.js"], { env: { WARN: "1" } });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^Warning: \[check\/main.*PLAIN_PASSWORD/m);
      expect(r.stderr).not.toContain(CANARY);
      const manifest = JSON.parse(fs.readFileSync(path.join(app.dir, "cdktf.out", "manifest.json"), "utf8"));
      expect(JSON.stringify(manifest.stacks.check.annotations)).toContain("PLAIN_PASSWORD");
    });

    test("the docs and the examples compile against the package as a user imports it (cdktf init's tsconfig)", () => {
      expect(docFiles.length).toBeGreaterThan(0);
      const r = compile();
      // A failing block is named by its file here; the map says which doc line it comes from.
      const where = docFiles.map((d) => `${d.file} = ${d.source}:${d.line}`).join("\n");
      expect({ status: r.status, output: r.stdout + r.stderr, where }).toEqual({ status: 0, output: "", where });
    });

    test("the examples synthesize the same Terraform as in the repository", () => {
      expect(compile().status).toBe(0);
      const cwd = fs.mkdtempSync(path.join(app.dir, "examples-"));
      const ours = app.run("node", [path.join(app.dir, "out", "examples", "main.js")], { cwd });
      expect({ status: ours.status, stderr: ours.stderr }).toEqual({ status: 0, stderr: "" });
      const reference = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-coder-secrets-examples-"));
      try {
        const repo = app.run("node", [path.join(ROOT, "dist", "examples", "main.js")], { cwd: reference });
        expect(repo.status).toBe(0);
        expect(synthesizedStacks(path.join(cwd, "cdktf.out"))).toEqual(synthesizedStacks(path.join(reference, "cdktf.out")));
      } finally {
        fs.rmSync(reference, { recursive: true, force: true });
      }
    });

    test("the tutorials in the docs synthesize", () => {
      expect(compile().status).toBe(0);
      const tutorials = docFiles.filter((d) => d.synth);
      expect(tutorials.map((d) => d.source).sort()).toEqual([...DOCS].sort());
      for (const d of tutorials) {
        const cwd = fs.mkdtempSync(path.join(app.dir, "synth-"));
        const r = app.run("node", [path.join(app.dir, "out", d.file.replace(/\.ts$/, ".js"))], { cwd });
        expect({ doc: `${d.source}:${d.line}`, status: r.status, stderr: r.stderr }).toEqual({ doc: `${d.source}:${d.line}`, status: 0, stderr: "" });
        expect(fs.readdirSync(path.join(cwd, "cdktf.out", "stacks")).length).toBeGreaterThan(0);
      }
    });
  });
}
