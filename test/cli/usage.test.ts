/**
 * The CLI's conventions, in-process: `--version`, `--help`, and usage errors on stderr with one wording for every
 * command (the installed bin is tested in installed-bin.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCommandArgs } from "../../cli/args";
import { commandListing } from "../../cli/command-table";
import { UsageError } from "../../cli/io";
import { runCli } from "./helpers";

const COMMANDS = ["decode", "inject", "provider", "install-provider", "init"];
const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;

/** The one shape of a usage error: the problem, then where the usage is. */
function usageError(who: string, problem: string): string {
  return `${who}: ${problem}\nRun "${who} --help" for usage.\n`;
}

describe("--version and --help", () => {
  it("--version prints the package version on stdout", async () => {
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("--help lists every command, and each command's --help prints its usage on stdout", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    for (const name of COMMANDS) {
      expect(top.stdout).toContain(`  ${name}  `);
      const r = await runCli([name, "--help"]);
      expect(r).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^Usage: cdktf-coder-secrets ${name} `)), stderr: "" });
    }
  });
});

test("README's command list is the --help listing", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8").split("\n");
  const start = readme.indexOf("cdktf-coder-secrets <command> [options]");
  const end = readme.indexOf("cdktf-coder-secrets --version", start);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(readme.slice(start + 1, end)).toEqual(commandListing());
});

test("a full synopsis in README (`cdktf-coder-secrets CMD [...]`) is that command's usage line", async () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const synopses = [...readme.matchAll(/`(cdktf-coder-secrets ([a-z-]+) [^`]*\[[^`]*)`/g)];
  expect(synopses.length).toBeGreaterThan(0);
  for (const [, synopsis, name] of synopses) {
    const usage = (await runCli([name!, "--help"])).stdout.split("\n")[0];
    expect(`Usage: ${synopsis}`).toBe(usage);
  }
});

describe("usage errors: stderr, exit 2, one wording", () => {
  it("no command, an unknown command, an unknown top-level option", async () => {
    expect(await runCli([])).toEqual({ code: 2, stdout: "", stderr: usageError("cdktf-coder-secrets", "missing command") });
    expect(await runCli(["frobnicate"])).toEqual({ code: 2, stdout: "", stderr: usageError("cdktf-coder-secrets", 'unknown command "frobnicate"') });
    expect(await runCli(["--bogus"])).toEqual({ code: 2, stdout: "", stderr: usageError("cdktf-coder-secrets", "unknown option --bogus") });
    expect(await runCli(["toString"])).toEqual({ code: 2, stdout: "", stderr: usageError("cdktf-coder-secrets", 'unknown command "toString"') });
  });

  it.each(COMMANDS)("%s: an unknown option", async (name) => {
    const r = await runCli([name, "--bogus"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: usageError(`cdktf-coder-secrets ${name}`, "unknown option --bogus") });
  });

  it("a missing value, a value for a switch, a stray or missing argument, conflicting options", async () => {
    const cases: Array<[string[], string, string]> = [
      [["decode", "--file"], "decode", "option --file needs a value"],
      [["inject", "--home", "--dry-run"], "inject", "option --home needs a value"],
      [["inject", "--dry-run=yes"], "inject", "option --dry-run takes no value"],
      [["inject", "stray"], "inject", 'unexpected argument "stray"'],
      [["init"], "init", "missing argument DIR"],
      [["install-provider"], "install-provider", "missing option --dir DIR"],
      [["init", "a", "b"], "init", 'unexpected argument "b"'],
      [["inject", "--manifest-file", "a", "--manifest-env", "B"], "inject", "options --manifest-file and --manifest-env cannot be used together; use one"],
    ];
    for (const [argv, name, problem] of cases) {
      expect(await runCli(argv)).toEqual({ code: 2, stdout: "", stderr: usageError(`cdktf-coder-secrets ${name}`, problem) });
    }
  });

  it("inject's old --env-file is refused in both spellings, naming why and the new option", async () => {
    for (const argv of [["--env-file", "/tmp/x.env"], ["--env-file=/tmp/x.env"]]) {
      const r = await runCli(["inject", ...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cdktf-coder-secrets inject: option --env-file is refused: Node reads `--env-file` on its own command line .*; use --write-env-file PATH\n/);
    }
  });
});

describe("parseCommandArgs", () => {
  const spec = { options: { file: "string", json: "boolean" }, positionals: ["DIR"] } as const;

  it("takes --opt value, --opt=value, switches, and positionals; -- ends the options", () => {
    expect(parseCommandArgs(["--file", "a", "d", "--json"], spec)).toEqual({ options: { file: "a", json: true }, positionals: ["d"] });
    expect(parseCommandArgs(["--file=--x", "--", "--json"], spec)).toEqual({ options: { file: "--x" }, positionals: ["--json"] });
    expect(parseCommandArgs(["-"], spec)).toEqual({ options: {}, positionals: ["-"] });
  });

  it("throws UsageError for what it does not know", () => {
    expect(() => parseCommandArgs(["d", "-j"], spec)).toThrow(new UsageError("unknown option -j"));
    expect(() => parseCommandArgs(["d", "--constructor"], spec)).toThrow(new UsageError("unknown option --constructor"));
    expect(() => parseCommandArgs([], spec)).toThrow(new UsageError("missing argument DIR"));
  });
});
