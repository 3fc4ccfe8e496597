/**
 * Path rules as Coder's agent applies them (coder/coder agent/agent.go writeSecretFiles): only a literal `~/` prefix is
 * expanded, then the path is cleaned like Go's `filepath.Clean`. `~user/` is never expanded.
 */

/** The home Coder's images use; the default for `~/` collision checks at synth and plan time. */
export const DEFAULT_HOME_DIR = "/home/coder";

/**
 * Go's `filepath.Clean` for POSIX paths: collapse repeated slashes, drop `.` elements, resolve `..` against the
 * preceding element, drop `..` at the root, drop a trailing slash; "" becomes ".".
 */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** True for paths the agent expands against the home directory. */
export function isHomeRelative(filePath: string): boolean {
  return filePath.startsWith("~/");
}

/**
 * Where the agent writes `filePath`: `~/x` becomes `<home>/x`, then the result is cleaned.
 * Returns `undefined` for a `~/` path when the home directory is unknown (the agent skips those).
 */
export function resolveSecretPath(filePath: string, homeDir: string | undefined): string | undefined {
  if (isHomeRelative(filePath)) {
    if (!homeDir) return undefined;
    return cleanPath(`${homeDir}/${filePath.slice(2)}`);
  }
  return cleanPath(filePath);
}

/** True when the path has `.` or `..` elements (cleaning changes where it points). */
export function hasDotSegments(filePath: string): boolean {
  return filePath.split("/").some((part) => part === "." || part === "..");
}
