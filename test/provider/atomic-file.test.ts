/** replaceFileAtomically (provider/codersecrets/boot/atomic-file.ts): the provider's own files, code cache and CLI configuration. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replaceFileAtomically } from "../../provider/codersecrets/boot/atomic-file";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "atomic-file-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("replaces the content and sets the mode whatever the umask; no temp file stays", () => {
  const file = path.join(dir, "f");
  fs.writeFileSync(file, "old", { mode: 0o600 });
  const umask = process.umask(0o077);
  try {
    replaceFileAtomically(file, Buffer.from("new"), 0o644);
  } finally {
    process.umask(umask);
  }
  expect(fs.readFileSync(file, "utf8")).toBe("new");
  expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  expect(fs.readdirSync(dir)).toEqual(["f"]);
});

test("a failed rename leaves the target as it was and removes the temp file", () => {
  const target = path.join(dir, "d");
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, "keep"), "x");
  expect(() => replaceFileAtomically(target, "text", 0o644)).toThrow();
  expect(fs.readdirSync(dir)).toEqual(["d"]);
  expect(fs.readdirSync(target)).toEqual(["keep"]);
});
