/** Helpers for tests that check what Terraform itself sees: its CLI on PATH, and its lock file's package hash. */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

function files(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? files(path.join(dir, e.name), rel) : [rel];
  });
}

/**
 * Terraform's `h1:` package hash, computed independently of Terraform (the algorithm of Go's
 * golang.org/x/mod/sumdb/dirhash Hash1, which Terraform's getproviders.PackageHashV1 applies to an unpacked package
 * directory): SHA-256 over the sorted lines "<sha256 hex>  <path relative to the directory, / separated>\n" of every
 * file below it, base64.
 */
export function terraformH1(dir: string): string {
  const real = fs.realpathSync(dir);
  const summary = files(real)
    .sort()
    .map((rel) => `${createHash("sha256").update(fs.readFileSync(path.join(real, rel))).digest("hex")}  ${rel}\n`)
    .join("");
  return `h1:${createHash("sha256").update(summary).digest("base64")}`;
}

/** The executable `name` on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  return undefined;
}
