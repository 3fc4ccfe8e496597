/**
 * The one sh quoting rule (lib/core/shell-quote.ts), held to what a real sh reads back: every hostile input comes out
 * of `sh` byte for byte, as a word of `sh -c` text (the coder_script, the launcher) and as an assignment in a sourced
 * file (the env file), and nothing in it runs. NUL is refused in both forms, naming the field.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ShellQuoteError, shellSingleQuote } from "../../lib/core/shell-quote";

const HOSTILE: readonly string[] = [
  "", "plain", "'", "''", "a'b", "'\\''", "it's here", "\\", "\\'", '"', '"$HOME"', "$HOME", "${HOME}", "$(touch pwned)",
  "'$(touch pwned)'", "`touch pwned`", "'`touch pwned`'", "; touch pwned #", "a\nb", "\n", "trailing\n\n", "\r\n", "\t",
  "*", "~", "~/x", "-n", "%s%d", "!", "é ✓ 😀", "\x01\x1b[31m", "'; touch pwned; echo '",
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shell-quote-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What sh prints for `printf '%s' WORD` run as `sh -c` text. */
function viaShC(word: string): Buffer {
  return execFileSync("sh", ["-c", `printf '%s' ${word}`], { cwd: dir, env: { PATH: process.env.PATH, HOME: "/nonexistent" } });
}

/** What sh prints for `$x` after sourcing a file holding `x=WORD` (the env file's form). */
function viaSourcedFile(word: Uint8Array): Buffer {
  const file = path.join(dir, "env");
  fs.writeFileSync(file, Buffer.concat([Buffer.from("x="), word, Buffer.from("\n")]));
  return execFileSync("sh", ["-c", `set -a; . ${JSON.stringify(file)}; set +a; printf '%s' "$x"`], { cwd: dir, env: { PATH: process.env.PATH, HOME: "/nonexistent" } });
}

describe("shellSingleQuote", () => {
  it.each(HOSTILE.map((s) => [JSON.stringify(s), s]))("%s reads back exactly through sh -c and through a sourced file, and runs nothing", (_, s) => {
    expect(viaShC(shellSingleQuote(s)).toString("utf8")).toBe(s);
    expect(viaSourcedFile(shellSingleQuote(Buffer.from(s, "utf8")))).toEqual(Buffer.from(s, "utf8"));
    expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);
  });

  it("the string and byte forms are the same bytes", () => {
    for (const s of HOSTILE) expect(Buffer.from(shellSingleQuote(Buffer.from(s, "utf8")))).toEqual(Buffer.from(shellSingleQuote(s), "utf8"));
  });

  it("bytes that are not UTF-8 read back unchanged", () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x27, 0x80, 0x0a, 0x24, 0x60, 0xc3]);
    expect(viaSourcedFile(shellSingleQuote(bytes))).toEqual(Buffer.from(bytes));
  });

  it("refuses NUL in either form, naming the field and never the value", () => {
    const canary = "CANARY-shell-quote";
    expect(() => shellSingleQuote(`${canary}\0x`, "file path")).toThrow(ShellQuoteError);
    expect(() => shellSingleQuote(`${canary}\0x`, "file path")).toThrow(/^file path: contains a NUL byte, which a POSIX sh word cannot hold; remove it$/);
    expect(() => shellSingleQuote(Uint8Array.from([...Buffer.from(canary), 0]), "env X")).toThrow(/^env X: contains a NUL byte/);
    try {
      shellSingleQuote(`${canary}\0`);
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(canary);
    }
  });
});
