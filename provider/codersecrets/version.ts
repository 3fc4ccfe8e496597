/**
 * The provider version: the package version. The esbuild bundle gets it as a compile-time constant
 * (install/bundle.ts defines __CODERSECRETS_VERSION__); unbundled code reads the nearest package.json.
 */
import * as fs from "fs";
import * as path from "path";

declare const __CODERSECRETS_VERSION__: string | undefined;

function fromPackageJson(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cdktf-coder-secrets" && pkg.version) return pkg.version;
    }
  }
  return "0.0.0";
}

let cached: string | undefined;
export function providerVersion(): string {
  if (cached === undefined) {
    cached = typeof __CODERSECRETS_VERSION__ === "string" ? __CODERSECRETS_VERSION__ : fromPackageJson();
  }
  return cached;
}
