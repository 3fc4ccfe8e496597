/**
 * File names inside an installed provider package (the directory Terraform runs the launcher from), and the
 * boot's one command-line switch. One home for them: the installer writes these files, the boot reads them.
 */

/** The bundled provider server (esbuild, one CommonJS file). */
export const BUNDLE_FILE = "codersecrets-provider.js";
/** The entry the launcher execs: runs the bundle from V8's code cache when it can. */
export const BOOT_FILE = "codersecrets-boot.js";
/** V8 code cache of the bundle, written at install time by a training run (code-cache-file.ts has the format). */
export const CODE_CACHE_FILE = `${BUNDLE_FILE}.v8cache`;
/**
 * `codersecrets-boot.js --write-code-cache FILE`: serve as usual, and on exit write the code cache of everything
 * the bundle compiled to FILE. An argument, never an environment variable: Terraform passes its environment to
 * providers, but never arguments, so a plan can never trigger a write.
 */
export const WRITE_CODE_CACHE_FLAG = "--write-code-cache";
