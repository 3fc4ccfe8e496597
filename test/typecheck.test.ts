/**
 * ts-jest only transpiles (jest.config.js), so a type error in a test would not fail it: the whole project,
 * tests included, is type-checked here once, with the compiler the build uses.
 */
import { spawnSync } from "child_process";
import * as path from "path";

jest.setTimeout(120_000);

test("the sources and the tests type-check (tsc -p tsconfig.test.json)", () => {
  const root = path.join(__dirname, "..");
  const tsc = require.resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.test.json"), "--noEmit"], { cwd: root, encoding: "utf8" });
  expect({ status: r.status, output: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, output: "" });
});
