/**
 * Coder's secret rules (coder/coder codersdk/usersecretvalidation.go and the per-user limits trigger), in one place.
 * Constructs call them at synth time, the bridge provider at plan time and the injector before writing.
 * Messages quote Coder's wording; no message ever contains a secret value.
 */
import { hasExpansionHazard } from "./expand";
import { DEFAULT_HOME_DIR, hasDotSegments, resolveSecretPath } from "./paths";
import { describeTarget, ManifestSecret, printablePath } from "./secret";
import { SecretRuleViolation, SecretValidationError } from "./violations";

export const LIMITS = Object.freeze({
  /** MaxUserSecretEnvNameLength, in bytes. */
  envNameMaxBytes: 256,
  /** maxFilePathLength (Linux PATH_MAX), in bytes. */
  filePathMaxBytes: 4096,
  /** MaxUserSecretValueBytes. */
  valueMaxBytes: 24 * 1024,
  /** MaxUserSecretsPerUserCount. */
  maxSecrets: 50,
  /** MaxUserSecretsTotalValueBytes. */
  totalValueMaxBytes: 200 * 1024,
  /** The env-injected aggregate (sized for the Windows 32 KiB environment block). */
  envValueMaxBytes: 24 * 1024,
});

/** Exact names Coder reserves (compared upper-cased). */
export const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set([
  "PATH", "HOME", "SHELL", "USER", "LOGNAME", "PWD", "OLDPWD", "LANG", "TERM", "IFS", "CDPATH", "ENV", "BASH_ENV",
  "TMPDIR", "TMP", "TEMP", "HOSTNAME", "SSH_AUTH_SOCK", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "EDITOR", "VISUAL",
  "PAGER", "VSCODE_PROXY_URI", "CS_DISABLE_GETTING_STARTED_OVERRIDE", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME",
  "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
]);

/** Prefixes Coder reserves (checked after the exact names and after CODER/CODER_). */
export const RESERVED_ENV_PREFIXES: readonly string[] = ["GIT_", "LC_", "LD_", "DYLD_"];

/** Coder's env-name syntax (letters, digits, `_`, not starting with a digit): also a POSIX sh variable name. */
export const ENV_NAME_SYNTAX = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const utf8Decoder = new TextDecoder();

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * The home-relative spelling of a relative path, for a fix: only leading `./` elements go (`./x` → `~/x`); a
 * leading dot that starts a name stays (`.ssh/id` → `~/.ssh/id`). Control characters are shown escaped.
 */
function homeRelativeSuggestion(relativePath: string): string {
  const rest = relativePath.replace(/^(?:\.\/+)+/, "");
  return `~/${printablePath(rest === "" || rest === "." || rest === "~" ? "FILE" : rest)}`;
}

function renameFix(name: string): string {
  return `rename it, e.g. to APP_${name.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}, or deliver the secret as a file (file_path)`;
}

/**
 * Coder's env-name rule, in Coder's order (length, syntax, reserved names, CODER_, reserved prefixes): at most one
 * problem, as Coder reports one. "" is allowed (no env target).
 */
export function checkEnvName(name: string): SecretRuleViolation[] {
  if (name === "") return [];
  const target = { envName: name };
  const problem = (code: Parameters<typeof envProblem>[0], coderMessage: string, fix: string) => [
    envProblem(code, target, coderMessage, fix),
  ];
  if (byteLength(name) > LIMITS.envNameMaxBytes) {
    return problem("env_name.too_long", `environment variable name must not exceed ${LIMITS.envNameMaxBytes} bytes`,
      `shorten the name to ${LIMITS.envNameMaxBytes} bytes or fewer`);
  }
  if (!ENV_NAME_SYNTAX.test(name)) {
    return problem("env_name.syntax", "must start with a letter or underscore, followed by letters, digits, or underscores",
      "use only A-Z, a-z, 0-9 and _, not starting with a digit (e.g. MY_API_TOKEN)");
  }
  const upper = name.toUpperCase();
  if (RESERVED_ENV_NAMES.has(upper)) {
    return problem("env_name.reserved", `${upper} is a reserved environment variable name`, renameFix(name));
  }
  if (upper === "CODER" || upper.startsWith("CODER_")) {
    return problem("env_name.coder_reserved", "environment variable names starting with CODER_ are reserved for internal use",
      renameFix(name.replace(/^coder_?/i, "")));
  }
  const prefix = RESERVED_ENV_PREFIXES.find((p) => upper.startsWith(p));
  if (prefix) {
    return problem("env_name.reserved_prefix", `environment variables starting with ${prefix} are reserved`,
      renameFix(name.slice(prefix.length)));
  }
  return [];
}

function envProblem(
  code: "env_name.too_long" | "env_name.syntax" | "env_name.reserved" | "env_name.coder_reserved" | "env_name.reserved_prefix",
  target: { envName: string },
  coderMessage: string,
  fix: string,
): SecretRuleViolation {
  return new SecretRuleViolation({ code, severity: "error", field: "env_name", target, coderMessage, fix });
}

/**
 * Coder's file-path rule (`~/` or `/`, no NUL, ≤ 4096 bytes), plus a warning for `.`/`..` elements, which the
 * agent resolves by cleaning. "" is allowed (no file target).
 */
export function checkFilePath(filePath: string): SecretRuleViolation[] {
  if (filePath === "") return [];
  const target = { filePath };
  const err = (code: "file_path.prefix" | "file_path.user_home" | "file_path.nul" | "file_path.too_long", coderMessage: string, fix: string) =>
    new SecretRuleViolation({ code, severity: "error", field: "file_path", target, coderMessage, fix });
  if (!filePath.startsWith("~/") && !filePath.startsWith("/")) {
    if (/^~[^/]/.test(filePath)) {
      return [err("file_path.user_home", "file path must start with ~/ or /",
        "`~user/` is not expanded by Coder's agent; write the path as ~/… (the workspace user's home) or as an absolute path")];
    }
    return [err("file_path.prefix", "file path must start with ~/ or /",
      `make it home-relative (${homeRelativeSuggestion(filePath)}) or absolute`)];
  }
  if (filePath.includes("\u0000")) {
    return [err("file_path.nul", "file path must not contain null bytes", "remove the NUL character from the path")];
  }
  if (byteLength(filePath) > LIMITS.filePathMaxBytes) {
    return [err("file_path.too_long", `file path must not exceed ${LIMITS.filePathMaxBytes} bytes`,
      `use a path of ${LIMITS.filePathMaxBytes} bytes or fewer`)];
  }
  if (hasDotSegments(filePath)) {
    const cleaned = resolveSecretPath(filePath, DEFAULT_HOME_DIR) ?? filePath;
    return [new SecretRuleViolation({
      code: "file_path.dot_segments", severity: "warning", field: "file_path", target,
      coderMessage: `path has "." or ".." elements; the agent cleans it to ${printablePath(cleaned)} (home ${DEFAULT_HOME_DIR})`,
      fix: "write the cleaned path so reviewers see where the file lands",
    })];
  }
  return [];
}

export interface ValueCheckOptions {
  /** Apply the user-secret rule "no NUL bytes" (Coder's API enforces it for user secrets only). @default false */
  readonly userSecret?: boolean;
}

/** Coder's value rules: ≤ 24 KiB; no NUL for user secrets. */
export function checkValue(value: Uint8Array, target: ManifestSecret | { envName?: string; filePath?: string }, opts: ValueCheckOptions = {}): SecretRuleViolation[] {
  const problems: SecretRuleViolation[] = [];
  if (opts.userSecret && value.includes(0)) {
    problems.push(new SecretRuleViolation({
      code: "value.nul", severity: "error", field: "value", target,
      coderMessage: "secret value must not contain null bytes",
      fix: "base64-encode binary content before storing it as a user secret, or deliver it as a dynamic secret with a file target",
    }));
  }
  if (value.length > LIMITS.valueMaxBytes) {
    problems.push(new SecretRuleViolation({
      code: "value.too_large", severity: "error", field: "value", target,
      coderMessage: `secret value must not exceed ${LIMITS.valueMaxBytes} bytes (this one has ${value.length})`,
      fix: "store large material elsewhere (an image, a volume) and deliver only a credential to fetch it",
    }));
  }
  return problems;
}

export interface CheckOptions {
  /** Home directory used to find `~/x` vs `<home>/x` collisions. @default "/home/coder" */
  readonly homeDir?: string;
  /**
   * The secrets are user secrets delivered raw by the agent's manifest: applies the no-NUL value rule and skips the
   * `$`-expansion warning. Otherwise env targets are assumed to reach the workspace through `coder_agent.env`,
   * which the agent `$`-expands. @default false
   */
  readonly userSecrets?: boolean;
  /** Skip value rules (values still unknown, e.g. tokens at synth time). @default false */
  readonly targetsOnly?: boolean;
}

/**
 * Every rule for a set of secrets at once: per-entry rules, then set rules (count, total and env byte budgets,
 * duplicate targets, `~/` vs absolute collisions, `$` hazards). Returns errors and warnings, each with its index.
 */
export function checkSecrets(secrets: readonly ManifestSecret[], opts: CheckOptions = {}): SecretRuleViolation[] {
  const homeDir = opts.homeDir ?? DEFAULT_HOME_DIR;
  const problems: SecretRuleViolation[] = [];
  const envSeen = new Map<string, number>();
  const pathSeen = new Map<string, number>();
  const resolvedSeen = new Map<string, number>();
  let total = 0;
  let envTotal = 0;

  secrets.forEach((s, i) => {
    const add = (list: SecretRuleViolation[]) => list.forEach((p) => problems.push(p.at(i)));
    if (!s.envName && !s.filePath) {
      problems.push(new SecretRuleViolation({
        code: "secret.no_target", severity: "error", field: "secrets", target: s, index: i,
        coderMessage: "a secret needs an env_name, a file_path, or both",
        fix: "set env_name and/or file_path",
      }));
    }
    add(checkEnvName(s.envName));
    add(checkFilePath(s.filePath));
    if (!opts.targetsOnly) {
      add(checkValue(s.value, s, { userSecret: opts.userSecrets }));
      total += s.value.length;
      if (s.envName) envTotal += s.value.length;
    }
    if (s.envName) {
      const first = envSeen.get(s.envName);
      if (first !== undefined) {
        problems.push(new SecretRuleViolation({
          code: "set.duplicate_env", severity: "error", field: "env_name", target: { envName: s.envName }, index: i,
          coderMessage: `Environment variable name is already in use (by secret[${first}])`,
          fix: "give each secret its own env_name, or drop one of them",
        }));
      } else envSeen.set(s.envName, i);
      if (!opts.userSecrets && !opts.targetsOnly && hasExpansionHazard(utf8Decoder.decode(s.value))) {
        problems.push(new SecretRuleViolation({
          code: "env.dollar_expansion", severity: "warning", field: "value", target: { envName: s.envName }, index: i,
          coderMessage: "the value contains `$` followed by a name or special character; Coder's agent expands template env with os.ExpandEnv (no escape: `$$` becomes empty), so the workspace would see a different value",
          fix: "deliver this secret with a file target (file_path) or as a Coder user secret, which the agent injects raw",
        }));
      }
    }
    if (s.filePath) {
      const first = pathSeen.get(s.filePath);
      if (first !== undefined) {
        problems.push(new SecretRuleViolation({
          code: "set.duplicate_file", severity: "error", field: "file_path", target: { filePath: s.filePath }, index: i,
          coderMessage: `File path is already in use (by secret[${first}])`,
          fix: "give each secret its own file_path, or drop one of them",
        }));
      } else {
        pathSeen.set(s.filePath, i);
        const resolved = resolveSecretPath(s.filePath, homeDir);
        const other = resolved === undefined ? undefined : resolvedSeen.get(resolved);
        if (resolved !== undefined && other !== undefined) {
          problems.push(new SecretRuleViolation({
            code: "set.path_collision", severity: "warning", field: "file_path", target: { filePath: s.filePath }, index: i,
            coderMessage: `resolves to ${printablePath(resolved)} like secret[${other}] (${describeTarget(secrets[other])}) with home ${homeDir}; the later secret wins`,
            fix: "use one spelling of the path for one file",
          }));
        }
        if (resolved !== undefined) resolvedSeen.set(resolved, i);
      }
    }
  });

  const set = (code: "set.count" | "set.total_bytes" | "set.env_bytes", coderMessage: string, fix: string) =>
    problems.push(new SecretRuleViolation({ code, severity: "error", field: "secrets", target: `${secrets.length} secrets`, coderMessage, fix }));
  if (secrets.length > LIMITS.maxSecrets) {
    set("set.count", `at most ${LIMITS.maxSecrets} secrets are allowed (got ${secrets.length})`, "merge related values into one secret file, or drop unused ones");
  }
  if (total > LIMITS.totalValueMaxBytes) {
    set("set.total_bytes", `secret values must total at most ${LIMITS.totalValueMaxBytes} bytes (got ${total})`, "move large material out of secrets");
  }
  if (envTotal > LIMITS.envValueMaxBytes) {
    set("set.env_bytes", `env-injected secret values must total at most ${LIMITS.envValueMaxBytes} bytes (got ${envTotal})`,
      "deliver large secrets as files (file_path) instead of env variables");
  }
  return problems;
}

/** Throws `SecretValidationError` listing every error; returns the warnings. */
export function assertValidSecrets(secrets: readonly ManifestSecret[], opts: CheckOptions = {}, context = "secrets"): SecretRuleViolation[] {
  const problems = checkSecrets(secrets, opts);
  if (problems.some((p) => p.severity === "error")) throw new SecretValidationError(problems, context);
  return problems.filter((p) => p.severity === "warning");
}
