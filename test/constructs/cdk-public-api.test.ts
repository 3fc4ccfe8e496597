/**
 * The library reaches the CDK package only through its root exports (lib/constructs/cdk.ts): a deep path such as
 * `cdktf/lib/_tokens` is private to the package and may move in any release of cdktf or cdktn.
 */
import * as fs from "node:fs";
import * as path from "node:path";

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

test("no file under lib/ names a path inside the CDK package", () => {
  const lib = path.join(__dirname, "..", "..", "lib");
  const deep = /(["'`])(cdktf|cdktn|\$\{CDK_PACKAGE\})\/lib\//;
  const offenders = sources(lib).filter((f) => deep.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(lib, f));
  expect(offenders).toEqual([]);
});
