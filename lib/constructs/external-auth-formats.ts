/**
 * The formats tools read an external-auth token from, built as Terraform expressions over the token reference (the
 * value is never known here): a git credential store line, the GitHub CLI's `hosts.yml`, and the token-free script
 * that points git's credential store at the line. Also the rules for the host and user name they are built with.
 *
 * Coder passes an empty `access_token` when the user has not linked the account (an `optional` external auth) or when
 * the link could not be refreshed at build time (coderd skips it); the files are then left out of the manifest (see
 * ExternalAuthToken), so these formats are only ever built from a token.
 */
import { Fn } from "./cdk";

/** What one of Coder's well-known external auth IDs (its provider types) implies. */
export interface ForgeDefaults {
  /** The forge's host for HTTPS git and for `hosts.yml`. */
  readonly host: string;
  /** The user name its git server accepts beside an OAuth access token sent as the password. */
  readonly username: string;
  /** True for GitHub (the GitHub CLI's `hosts.yml` only makes sense there). */
  readonly github: boolean;
}

/**
 * Coder's provider types used as IDs (the ID defaults to the type). User names: `x-access-token` is what the GitHub
 * CLI's own credential helper sends when it knows no login (GitHub takes any non-empty user beside a token);
 * `oauth2` and `x-token-auth` are what Coder's own git askpass answers for GitLab and Bitbucket Cloud, as those
 * forges document for OAuth tokens.
 */
export const WELL_KNOWN_EXTERNAL_AUTH: Readonly<Record<string, ForgeDefaults>> = {
  github: { host: "github.com", username: "x-access-token", github: true },
  gitlab: { host: "gitlab.com", username: "oauth2", github: false },
  bitbucket: { host: "bitbucket.org", username: "x-token-auth", github: false },
  "bitbucket-cloud": { host: "bitbucket.org", username: "x-token-auth", github: false },
};

/** The GitHub CLI's hosts file (gh reads `$GH_CONFIG_DIR`, then `$XDG_CONFIG_HOME/gh`, then this). */
export const GH_HOSTS_FILE = "~/.config/gh/hosts.yml";

/** The git credential store file of one external auth: a file of its own, so no other line of the user's is replaced. */
export function gitCredentialsFileFor(providerId: string): string {
  return `~/.config/git/credentials-coder-${providerId.replace(/[^A-Za-z0-9._-]/g, "_")}`;
}

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*(?::[0-9]{1,5})?$`);

/** Why `host` is not a bare host name (optionally with a port), or undefined. */
export function hostProblem(host: string): string | undefined {
  if (host.length === 0) return "is empty";
  if (host.length > 253 || !HOST.test(host)) return "is not a bare host name (letters, digits, `-` and `.`, an optional `:port`; no scheme, user or path)";
  return undefined;
}

/** Why `username` cannot stand in a credential URL as it is, or undefined. */
export function usernameProblem(username: string): string | undefined {
  if (username.length === 0) return "is empty";
  if (!/^[A-Za-z0-9._~-]+$/.test(username)) return "holds a character other than letters, digits and `-._~` (it is written into a URL unencoded)";
  return undefined;
}

/**
 * A `~/.git-credentials`-format line (`https://USER:TOKEN@HOST`, git-credential-store's format) with the token
 * percent-encoded as git decodes it: Terraform's `urlencode` writes a space as `+`, which git keeps as `+`, so `+` (only
 * ever from a space: a literal `+` is `%2B`) becomes `%20`.
 */
export function gitCredentialStoreLine(token: string, host: string, username: string): string {
  return Fn.format("https://%s:%s@%s\n", [username, Fn.replace(Fn.urlencode(token), "+", "%20"), host]);
}

/**
 * The GitHub CLI's `hosts.yml` for one host: the token under `oauth_token` (gh's insecure-storage key, which it still
 * reads first after the environment), quoted with `jsonencode` (a JSON string is a YAML double-quoted scalar), and
 * `git_protocol: https`. No `user`: the login is not known at build time (see the README on what gh then does).
 */
export function ghHostsYaml(token: string, host: string): string {
  return Fn.format("%s:\n    oauth_token: %s\n    git_protocol: https\n", [host, Fn.jsonencode(token)]);
}

/**
 * The start-up step that makes git use the credential file for `host`: `credential.https://HOST.helper` set to
 * `store --file ~/…` in `~/.gitconfig`, only when git is installed and no helper is set for that host yet (a helper
 * the user or `gh auth setup-git` set stays; the message says how to add ours). It holds no token and no reference:
 * the token reaches the file through the secrets manifest. `host` and `file` must satisfy {@link hostProblem} and
 * be a `~/` path without shell characters ({@link gitCredentialsFileFor}).
 */
export function gitCredentialHelperScript(host: string, file: string): string {
  const key = `credential.https://${host}.helper`;
  const helper = `store --file ${file}`;
  return [
    `# Git over HTTPS to ${host} reads the token of Coder's external auth from ${file} (0600, written by the`,
    "# secrets script). This step holds no token: it only points git's credential store at that file.",
    "if ! command -v git >/dev/null 2>&1; then",
    `  echo "git is not installed: no credential helper set for https://${host}"`,
    "  exit 0",
    "fi",
    `if [ -n "$(git config --global --get-all '${key}')" ]; then`,
    `  echo "git already has a credential helper for https://${host} (left as it is); to add the Coder token: git config --global --add '${key}' '${helper}'"`,
    "  exit 0",
    "fi",
    `git config --global '${key}' '${helper}'`,
    `echo "git: https://${host} uses the credential store ${file}"`,
    "",
  ].join("\n");
}
