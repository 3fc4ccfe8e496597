#!/usr/bin/env node
// The provider and boot bundles that the npm package carries, so `install-provider` from a registry install (no
// esbuild, a devDependency) still writes the bundled, code-cached provider (provider/codersecrets/install/bundle.ts).
//   node scripts/prebuilt-bundles.js write    # prepack: after the build, into dist/provider/codersecrets/bundle/
//   node scripts/prebuilt-bundles.js remove   # postpack and before every build: a development tree never keeps them,
//                                            # so bundles there are always made from the current sources
"use strict";
const fs = require("fs");
const path = require("path");

const DIR = path.join(__dirname, "..", "dist", "provider", "codersecrets", "bundle");

async function main(action) {
  if (action === "remove") {
    fs.rmSync(DIR, { recursive: true, force: true });
    return;
  }
  if (action !== "write") throw new Error(`usage: prebuilt-bundles.js write|remove (got ${action ?? "nothing"})`);
  const { writePrebuiltBundles, PREBUILT_DIR } = require("../dist/provider/codersecrets/install/bundle.js");
  if (path.resolve(PREBUILT_DIR) !== DIR) throw new Error(`the compiled bundle module expects ${PREBUILT_DIR}, not ${DIR}`);
  for (const file of await writePrebuiltBundles()) process.stderr.write(`prebuilt ${path.relative(process.cwd(), file)}\n`);
}

main(process.argv[2]).catch((err) => {
  process.stderr.write(`prebuilt-bundles: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
