/**
 * `cdktf-coder-secrets init DIR`, in-process: what it writes, what it refuses, and that the starter's own files
 * (starter/, shipped in the package) type-check against this repository's sources. The installed bin runs the
 * starter end to end (install from the packed tarball, synth, its jest test) in installed-bin.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { starterDir, starterFiles } from "../../cli/commands/init";
import { runCli } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const repoPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const EXPECTED_FILES = [".gitignore", "README.md", "cdktf.json", "jest.config.js", "main.test.ts", "main.ts", "package.json", "setup.js", "tsconfig.json"];

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "init-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("init DIR", () => {
  it("writes the starter into a new directory (parents created), named after it", async () => {
    const dir = path.join(root, "templates", "dev-box");
    const r = await runCli(["init", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("npm run push     # coder templates push dev-box -d cdktf.out/stacks/dev-box");
    expect(tree(dir)).toEqual(EXPECTED_FILES);
    for (const f of EXPECTED_FILES) expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toContain("my-template");

    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      name: string; scripts: Record<string, string>; dependencies: Record<string, string>;
    };
    expect(pkg.name).toBe("dev-box");
    expect(pkg.dependencies["cdktf-coder-secrets"]).toBe(repoPkg.version);
    const pinned = (name: string) => repoPkg.devDependencies?.[name] ?? repoPkg.dependencies?.[name];
    expect(pkg.dependencies.cdktf).toBe(pinned("cdktf"));
    expect(pkg.dependencies.constructs).toMatch(/^10\.\d+\.\d+$/);
    expect(pkg.scripts).toEqual({
      build: "tsc",
      synth: "tsc && node dist/main.js",
      test: "jest",
      push: "npm run synth && coder templates push dev-box -d cdktf.out/stacks/dev-box",
    });
    expect(fs.readFileSync(path.join(dir, "main.ts"), "utf8")).toContain('new WorkspaceTemplate(app, "dev-box")');
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme).toContain("npx cdktf-coder-secrets install-provider --dir");
    expect(readme).toContain("coder templates push dev-box -d cdktf.out/stacks/dev-box");
    expect(readme).toContain("**not** with `cdktf deploy`");
    expect(fs.readFileSync(path.join(dir, ".gitignore"), "utf8")).toMatch(/^cdktf\.out\/$/m);
  });

  it("--name sets the name; an existing empty directory is fine", async () => {
    const dir = path.join(root, "Some Dir");
    fs.mkdirSync(dir);
    expect((await runCli(["init", dir, "--name", "team-a"])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name).toBe("team-a");
  });

  it("refuses a non-empty directory, naming the rule and the fix; nothing is changed", async () => {
    const dir = path.join(root, "proj");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.ts"), "mine");
    const r = await runCli(["init", dir]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: `cdktf-coder-secrets init: ${dir} is not empty, and init writes only into a new or empty directory (so nothing of yours is overwritten); choose a new directory, or empty this one; nothing written\n`,
    });
    expect(tree(dir)).toEqual(["main.ts"]);
    expect(fs.readFileSync(path.join(dir, "main.ts"), "utf8")).toBe("mine");
  });

  it("refuses a file, and a name Coder or npm would not take; nothing is written", async () => {
    fs.writeFileSync(path.join(root, "file"), "x");
    expect((await runCli(["init", path.join(root, "file")])).stderr).toBe(`cdktf-coder-secrets init: ${path.join(root, "file")} exists and is not a directory; choose a new directory; nothing written\n`);
    for (const [argv, shown] of [[["My_Template"], `the directory's name "My_Template"`], [["ok", "--name", "a--b"], `--name "a--b"`], [["ok", "--name", "x".repeat(33)], `--name "${"x".repeat(33)}"`]] as const) {
      const r = await runCli(["init", path.join(root, argv[0]), ...argv.slice(1)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^cdktf-coder-secrets init: ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a valid template name: .*\\(Coder's template-name rule, lower-case because it is also the npm package name\\); pass --name like my-template`));
    }
    expect(tree(root)).toEqual(["file"]);
  });
});

describe("the starter's files", () => {
  it("are what init writes: every file of starter/, placeholder replaced", () => {
    const shipped = fs.readdirSync(starterDir()).sort();
    expect([...starterFiles("x").keys()].sort()).toEqual(shipped.map((f) => (f === "gitignore" ? ".gitignore" : f)).sort());
  });

  it("type-check against this repository's sources (the installed test compiles them against the tarball)", () => {
    const tsconfig = path.join(root, "tsconfig.json");
    fs.writeFileSync(tsconfig, JSON.stringify({
      extends: path.join(ROOT, "starter", "tsconfig.json"),
      compilerOptions: {
        noEmit: true,
        rootDir: ROOT,
        baseUrl: ROOT,
        paths: { "cdktf-coder-secrets": ["lib/index.ts"] },
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
      },
      include: [path.join(ROOT, "starter", "*.ts")],
    }));
    const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], { encoding: "utf8" });
    expect({ status: r.status, output: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, output: "" });
  }, 120_000);
});
