/**
 * File names of an installed provider, and the boot's command-line switches. One home for them: the installer
 * writes these files, the launcher and the boot read them.
 *
 * Two directories: the package directory (what Terraform hashes into `.terraform.lock.hcl`, so it holds only files
 * that are byte-identical on every install of one version: the launcher, the boot entry, the bundle) and the runtime
 * directory beside the mirror (what is particular to this machine: the node the launcher runs and the V8 code cache
 * made by it).
 */

/** The bundled provider server (esbuild, one CommonJS file). */
export const BUNDLE_FILE = "codersecrets-provider.js";
/** The entry the launcher execs: runs the bundle from V8's code cache when it can. */
export const BOOT_FILE = "codersecrets-boot.js";
/** In the runtime directory: V8 code cache of the bundle, written at install time by a training run (code-cache-file.ts has the format). */
export const CODE_CACHE_FILE = `${BUNDLE_FILE}.v8cache`;
/** In the runtime directory: the node the launcher execs (a link to the installing node, or a copy of it with `--standalone`). */
export const RUNTIME_NODE = "node";
/** `codersecrets-boot.js --code-cache FILE`: where the launcher tells the boot to look for the code cache. */
export const CODE_CACHE_FLAG = "--code-cache";
/**
 * `codersecrets-boot.js --write-code-cache FILE`: serve as usual, and on exit write the code cache of everything
 * the bundle compiled to FILE. An argument, never an environment variable: Terraform passes its environment to
 * providers, but never arguments, so a plan can never trigger a write.
 */
export const WRITE_CODE_CACHE_FLAG = "--write-code-cache";
