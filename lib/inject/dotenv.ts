/**
 * The optional env file (`inject --write-env-file PATH`): env-targeted secrets as `NAME='value'` lines that survive
 * `set -a; . PATH` in POSIX sh byte-exact: each value single-quoted (lib/core/shell-quote.ts). NUL cannot be in an
 * environment variable.
 * Names must pass Coder's env-name rule and the env file's own name rule (`checkEnvFileName`).
 */
import { checkEnvName, SecretRuleViolation } from "../core";
import { shellSingleQuote } from "../core/shell-quote";
import { InjectInputError } from "./errors";

const utf8 = new TextEncoder();

/** Thrown for a value that no environment variable can hold (it contains NUL). Names the variable only. */
export class EnvValueError extends Error {
  readonly envName: string;

  constructor(envName: string) {
    super(`env ${envName}: the value contains a NUL byte, which an environment variable cannot hold; deliver it as a file (file_path)`);
    this.name = "EnvValueError";
    this.envName = envName;
  }
}

/**
 * Names the env file refuses beyond Coder's env-name rule (which already reserves PATH, IFS, CDPATH, ENV, BASH_ENV,
 * SHELL, HOME, `LD_*`, `DYLD_*`, ...), compared upper-cased as Coder compares. The file is loaded into a shell
 * (`set -a; . FILE`) and from there reaches every program that shell starts, this injector included (run again
 * through Node, often by npx): a name here would change how that runtime or the loading shell behaves, e.g.
 * NODE_OPTIONS=--require runs code inside the next injector run, which holds every secret.
 */
export const ENV_FILE_REFUSED_PREFIXES: ReadonlyArray<readonly [prefix: string, why: string]> = [
  ["NODE_", "Node reads them at start: NODE_OPTIONS can --require code, NODE_PATH moves module lookup, NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED change TLS trust"],
  ["NPM_CONFIG_", "npm and npx take their configuration from them: registry, node-options and script-shell change what npx downloads and runs"],
  ["BASH_", "bash owns them: BASH_XTRACEFD, BASH_COMPAT, BASH_LOADABLES_PATH and BASH_ARGV0 change the shell that loads the file"],
];

/** Exact names the env file refuses (see ENV_FILE_REFUSED_PREFIXES), each with what it changes. */
export const ENV_FILE_REFUSED_NAMES: ReadonlyMap<string, string> = new Map([
  ...["SHELLOPTS", "BASHOPTS", "POSIXLY_CORRECT"].map((n) => [n, "it switches options of the shell loading the file and of every shell it starts"] as const),
  ...["PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND"].map((n) => [n, "the shell expands or runs it, command substitution included, at every prompt or trace line"] as const),
  ...["ZDOTDIR", "FPATH"].map((n) => [n, "it moves where zsh reads its start-up files or autoloads functions from"] as const),
  ["HISTFILE", "it moves where the shell writes its history"] as const,
  ...["OPENSSL_CONF", "OPENSSL_MODULES", "OPENSSL_ENGINES"].map((n) => [n, "OpenSSL (Node's TLS and crypto) loads its configuration, engines and providers from it: code"] as const),
  ...["SSL_CERT_FILE", "SSL_CERT_DIR"].map((n) => [n, "it replaces the TLS trust store of OpenSSL-based clients"] as const),
  ...["GLIBC_TUNABLES", "GCONV_PATH"].map((n) => [n, "glibc reads it in every dynamically linked program, and GCONV_PATH loads modules: code"] as const),
]);

/**
 * The env file's name rule: Coder's env-name rule, then ENV_FILE_REFUSED_PREFIXES / ENV_FILE_REFUSED_NAMES.
 * At most one problem per name. "" is allowed (no env target).
 */
export function checkEnvFileName(name: string): SecretRuleViolation[] {
  const coder = checkEnvName(name);
  if (coder.length > 0 || name === "") return coder;
  const upper = name.toUpperCase();
  const prefix = ENV_FILE_REFUSED_PREFIXES.find(([p]) => upper.startsWith(p));
  const why = prefix ? `names starting with ${prefix[0]} do: ${prefix[1]}` : ENV_FILE_REFUSED_NAMES.has(upper) ? `${upper} does: ${ENV_FILE_REFUSED_NAMES.get(upper)}` : undefined;
  if (why === undefined) return [];
  const rest = prefix ? name.slice(prefix[0].length) : name;
  return [new SecretRuleViolation({
    code: "env_file.runtime_name", severity: "error", field: "env_name", target: { envName: name },
    coderMessage: `the env file refuses names that change how a runtime or the shell loading it behaves, and ${why}`,
    fix: `rename it, e.g. to APP_${rest.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}, or deliver the secret as a file (file_path)`,
  })];
}

export interface EnvEntry {
  /** Passes `checkEnvFileName` (so it is a valid sh name); `formatEnvFile` refuses one that does not. */
  readonly name: string;
  readonly value: Uint8Array;
}

/** The env file's bytes; throws `InjectInputError` for a name `checkEnvFileName` refuses, `EnvValueError` for a value with NUL. */
export function formatEnvFile(entries: readonly EnvEntry[]): Uint8Array {
  const refused = entries.flatMap((e) => checkEnvFileName(e.name));
  if (refused.length > 0) throw new InjectInputError(refused, "env file");
  const chunks: Uint8Array[] = [utf8.encode("# Written by `cdktf-coder-secrets inject --write-env-file`. Load with: set -a; . THIS_FILE; set +a\n")];
  for (const e of entries) {
    if (e.value.includes(0)) throw new EnvValueError(e.name);
    chunks.push(utf8.encode(`${e.name}=`), shellSingleQuote(e.value, `env ${e.name}`), utf8.encode("\n"));
  }
  return Buffer.concat(chunks);
}
