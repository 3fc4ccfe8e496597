/**
 * What `npm pack` publishes (the `files` allowlist and the `exports` map), and the package in an app that installed
 * no CDK package at all (a workspace image that only injects): `cdktf-coder-secrets/inject` and the CLI load no CDK,
 * the root entry names the install command.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installScratchApp, packedTarball, ScratchApp } from "../support/scratch-app";

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, "..", "..");

function tarList(tarball: string): string[] {
  const r = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "" && !l.endsWith("/")).map((l) => l.replace(/^package\//, "")).sort();
}

function tarFile(tarball: string, file: string): string {
  const r = spawnSync("tar", ["-xzOf", tarball, `package/${file}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("the published tarball", () => {
  let tarball: string;
  let files: string[];
  beforeAll(() => {
    tarball = packedTarball();
    files = tarList(tarball);
  });

  test("carries what runs: compiled lib, CLI, provider runtime and its bundles, the coder bindings, the init starter, bin, typings, README, LICENSE", () => {
    for (const f of [
      "package.json", "README.md", "LICENSE", "bin/cdktf-coder-secrets.js",
      "dist/lib/index.js", "dist/lib/index.d.ts", "dist/lib/inject/index.js", "dist/lib/inject/index.d.ts", "dist/cli/main.js",
      "dist/provider/codersecrets/main.js", "dist/provider/codersecrets/bundle/provider.js", "dist/provider/codersecrets/bundle/boot.js",
      "dist/provider/generated/coder/index.js", "dist/provider/generated/coder/index.d.ts", "dist/provider/generated/coder/app/index.d.ts",
      "starter/package.json", "starter/main.ts",
    ]) expect(files).toContain(f);
  });

  test("and nothing of tests, bench, examples, scripts, sources or build state", () => {
    const stray = files.filter((f) =>
      /^(test|bench|examples|scripts|lib|cli|provider)\//.test(f) || /^dist\/(bench|examples|scripts)\//.test(f) ||
      (f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("starter/")) || f.includes("tsbuildinfo") || /^(jest\.config|tsconfig|cdktf\.json|\.ci)/.test(f) ||
      /^dist\/provider\/generated\/(?!coder\/)/.test(f));
    expect(stray).toEqual([]);
    expect(files.length).toBeLessThan(300);
    expect(fs.statSync(tarball).size).toBeLessThan(400 * 1024);
  });

  test("package.json: peers instead of nested copies, the exports map, no prepare script", () => {
    const pkg = JSON.parse(tarFile(tarball, "package.json"));
    expect(pkg.dependencies.cdktf).toBeUndefined();
    expect(pkg.dependencies.constructs).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ cdktf: ">=0.21.0 <0.22", cdktn: ">=0.24.0 <0.25", constructs: "^10.3.0" });
    expect(pkg.peerDependenciesMeta).toEqual({ cdktf: { optional: true }, cdktn: { optional: true } });
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(Object.keys(pkg.exports).sort()).toEqual([".", "./coder", "./coder/*", "./inject", "./package.json"]);
    for (const target of Object.values(pkg.exports) as Array<string | { types: string; default: string }>) {
      const paths = typeof target === "string" ? [target] : [target.types, target.default];
      for (const p of paths) if (!p.includes("*")) expect(files).toContain(p.replace(/^\.\//, ""));
    }
  });

  test("@internal members stay out of the typings (stripInternal)", () => {
    const internal: Array<{ dts: string; name: string }> = [];
    const declaration = /@internal[^]*?\*\/\s*(?:export\s+)?(?:(?:public|protected|static|readonly|function|const|class|async)\s+)*(\w+)/g;
    for (const src of libSources(path.join(ROOT, "lib"))) {
      const text = fs.readFileSync(src, "utf8");
      for (const m of text.matchAll(declaration)) internal.push({ dts: `dist/${path.relative(ROOT, src).replace(/\.ts$/, ".d.ts")}`, name: m[1]! });
    }
    expect(internal.length).toBeGreaterThan(0);
    for (const { dts, name } of internal) {
      expect({ dts, name, leaked: new RegExp(`\\b${name}\\b`).test(tarFile(tarball, dts)) }).toEqual({ dts, name, leaked: false });
    }
  });
});

describe("an app with the package and no CDK package (workspace side only)", () => {
  let app: ScratchApp;
  beforeAll(() => {
    app = installScratchApp({ dependencies: {} });
  }, 600_000);
  afterAll(() => app?.remove());

  test("npm installed neither cdktf nor cdktn (optional peers)", () => {
    expect(fs.existsSync(path.join(app.dir, "node_modules", "cdktf"))).toBe(false);
    expect(fs.existsSync(path.join(app.dir, "node_modules", "cdktn"))).toBe(false);
  });

  test("cdktf-coder-secrets/inject loads without one", () => {
    const r = app.run("node", ["-e", "const i = require('cdktf-coder-secrets/inject'); console.log(typeof i.injectManifest, typeof i.deliveryScript)"]);
    expect({ status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({ status: 0, stdout: "function function", stderr: "" });
  });

  test("the CLI's workspace commands run without one", () => {
    const r = app.run("cdktf-coder-secrets", ["decode"], { input: "" });
    expect(r.stderr).not.toMatch(/cdktf|cdktn|Cannot find module/);
    const help = app.run("cdktf-coder-secrets", ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/inject/);
  });

  test("the root entry says what to install", () => {
    const r = app.run("node", ["-e", "require('cdktf-coder-secrets')"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("found neither cdktf nor cdktn: install one with `npm install cdktf constructs` (or `npm install cdktn constructs`)");
  });

  test("deep dist/ paths are closed: only the exports map's entry points resolve", () => {
    const r = app.run("node", ["-e", "require('cdktf-coder-secrets/dist/lib/inject/index.js')"]);
    expect(r.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });
});

test("no deep dist/ import in the docs or the examples", () => {
  const docs = ["README.md", "examples/README.md", "provider/codersecrets/README.md"];
  const examples = fs.readdirSync(path.join(ROOT, "examples"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => `examples/${f}`);
  const hits = [...docs, ...examples].filter((f) => fs.existsSync(path.join(ROOT, f))).filter((f) => /cdktf-coder-secrets\/dist|["'](\.\.?\/)+dist\//.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(hits).toEqual([]);
});

/** Every TypeScript source under `dir` (the library's own code; the shipped typings are built from these). */
function libSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? libSources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}
