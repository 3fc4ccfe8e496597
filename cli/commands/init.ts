import * as fs from "node:fs";
import * as path from "node:path";
import { providerVersion } from "../../provider/codersecrets/version";
import { parseCommandArgs } from "../args";
import { Command } from "../io";

const USAGE = `Usage: cdktf-coder-secrets init DIR [--name NAME]

Writes a starter Coder template project into DIR (created when missing; an existing DIR must be empty):
package.json (cdktf, constructs and cdktf-coder-secrets), cdktf.json, tsconfig.json, main.ts (an Agent, a
DynamicSecret and a UserSecret), main.test.ts (jest with cdktf's Testing matchers), README.md and .gitignore.
Then: cd DIR && npm install && npm test && npm run synth && npm run push.
  --name NAME   the Coder template name, also the npm package and stack name (default: DIR's base name)
Exit codes: 0 written, 2 bad input (nothing written).`;

/** The placeholder the starter's files use for the template name; init writes the chosen name in its place. */
const PLACEHOLDER = "my-template";

/**
 * Coder's template-name rule (codersdk NameValid: letters, digits and single hyphens, at most 32 characters),
 * lower-cased because the name is also the npm package name.
 */
const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TEMPLATE_NAME_MAX = 32;

/** Starter files whose name in the package differs from the name they get (npm pack drops `.gitignore`). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

/** The starter's files ship in the package's `starter/` folder, next to `package.json`. */
export function starterDir(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "starter");
    if (fs.existsSync(path.join(candidate, "main.ts")) && fs.existsSync(path.join(dir, "package.json"))) return candidate;
  }
  throw new Error(`the starter files are missing from this installation (no starter/ folder above ${__dirname}); reinstall cdktf-coder-secrets`);
}

/** Why `name` is not a usable template name, or undefined. */
export function templateNameProblem(name: string): string | undefined {
  if (name.length > TEMPLATE_NAME_MAX) return `it is longer than ${TEMPLATE_NAME_MAX} characters`;
  if (!TEMPLATE_NAME.test(name)) return "it is not lower-case letters and digits joined by single hyphens";
  return undefined;
}

/** The starter's files, named and filled in for `name`: relative path → content. */
export function starterFiles(name: string, version: string = providerVersion()): Map<string, string> {
  const src = starterDir();
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(src).sort()) {
    let text = fs.readFileSync(path.join(src, entry), "utf8").split(PLACEHOLDER).join(name);
    if (entry === "package.json") {
      const pkg = JSON.parse(text) as { dependencies: Record<string, string> };
      pkg.dependencies["cdktf-coder-secrets"] = version;
      text = `${JSON.stringify(pkg, null, 2)}\n`;
    }
    files.set(RENAMED[entry] ?? entry, text);
  }
  return files;
}

/**
 * Writes `files` into `dir`, which must be missing or empty. Every file is created exclusively; on any failure the
 * files written so far, and the directories this call created, are removed again.
 */
function writeProject(dir: string, files: ReadonlyMap<string, string>): void {
  const created = fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, text] of files) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text, { flag: "wx" });
      written.push(file);
    }
  } catch (err) {
    for (const file of written) fs.rmSync(file, { force: true });
    if (created !== undefined) fs.rmSync(created, { recursive: true, force: true });
    throw err;
  }
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { options, positionals } = parseCommandArgs(argv, { options: { name: "string" }, positionals: ["DIR"] });
    const fail = (message: string): number => {
      io.stderr.write(`cdktf-coder-secrets init: ${message}\n`);
      return 2;
    };
    const dir = path.resolve(positionals[0]!);
    const name = options.name ?? path.basename(dir);
    const problem = templateNameProblem(name);
    if (problem !== undefined) {
      const where = options.name !== undefined ? "--name" : "the directory's name";
      return fail(`${where} "${name}" is not a valid template name: ${problem} (Coder's template-name rule, lower-case ` +
        `because it is also the npm package name); pass --name like my-template, or choose a directory named like that; nothing written`);
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") return fail(`cannot use ${dir}: ${(err as NodeJS.ErrnoException).code ?? "error"}; nothing written`);
    }
    if (stat !== undefined && !stat.isDirectory()) return fail(`${dir} exists and is not a directory; choose a new directory; nothing written`);
    if (stat !== undefined && fs.readdirSync(dir).length > 0) {
      return fail(`${dir} is not empty, and init writes only into a new or empty directory (so nothing of yours is overwritten); ` +
        `choose a new directory, or empty this one; nothing written`);
    }
    const files = starterFiles(name);
    try {
      writeProject(dir, files);
    } catch (err) {
      return fail(`cannot write into ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; nothing written`);
    }
    const shown = path.relative(process.cwd(), dir) || ".";
    io.stdout.write(
      `cdktf-coder-secrets init: wrote ${[...files.keys()].join(", ")} into ${shown}\n` +
        `Next:\n` +
        `  cd ${shown}\n` +
        `  npm install\n` +
        `  npm test\n` +
        `  npm run synth    # writes cdktf.out/stacks/${name}\n` +
        `  npm run push     # coder templates push ${name} -d cdktf.out/stacks/${name} (README.md: the provider install step first)\n`,
    );
    return 0;
  },
};
