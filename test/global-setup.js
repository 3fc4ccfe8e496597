// Builds dist/ before any test runs (incremental: about 2 s when nothing changed). Tests run the compiled code where a
// user would (the demo, the CLI's bin, the packed package), and `npm ci` does not build: the package has no `prepare`
// script, which npm would run in every user's install of it.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

module.exports = async function buildBeforeTests() {
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: path.join(__dirname, ".."), stdio: ["ignore", "inherit", "inherit"] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}); the tests need a compiled dist/`);
};
