/**
 * Coder's external auth tokens as a first-class source: `data.coder_external_auth.<id>.access_token` (sensitive)
 * delivered to an env var and/or to the files tools read it from (a git credential store file, the GitHub CLI's
 * `hosts.yml`), through the agent's secrets manifest like any other secret.
 */
import { Construct, IConstruct } from "constructs";
import { DataCoderExternalAuth } from "../../provider/generated/coder/data-coder-external-auth";
import { Script as ScriptResource } from "../../provider/generated/coder/script";
import type { Agent } from "./agent";
import { SecretBinding, SecretBindingConfig } from "./binding";
import { TerraformStack } from "./cdk";
import { DynamicSecret } from "./dynamic-secret";
import { ISynthCheck } from "./checks";
import { CoderConstructError } from "./errors";
import { escapeTerraformTemplate } from "./escape";
import {
  GH_HOSTS_FILE,
  ghHostsYaml,
  gitCredentialHelperScript,
  gitCredentialsFileFor,
  gitCredentialStoreLine,
  hostProblem,
  usernameProblem,
  WELL_KNOWN_EXTERNAL_AUTH,
} from "./external-auth-formats";
import { SecretValue } from "./secret-value";
import { soleDataSource, warnDuplicateDataSource } from "./template-data-sources";

export interface ExternalAuthOptions {
  /** Env var the workspace gets the token in (e.g. `GITHUB_TOKEN`, which `gh` reads first). @default - no env target */
  readonly env?: string;
  /**
   * Write a git credential store line for `host` (`https://USER:TOKEN@HOST`) to a file of its own,
   * `~/.config/git/credentials-coder-<id>` (0600), and point git at it with a token-free start-up step that sets
   * `credential.https://HOST.helper` to `store --file <that file>` when git is installed and no helper is set for
   * that host. The user's own `~/.git-credentials` is never touched. While the token is empty (see `optional`) the
   * file is not delivered: git then asks as usual, and a file written earlier with a now-gone token is removed as a
   * stale file (kept and reported if it was changed since, e.g. by git storing a password there). @default false
   */
  readonly gitCredentials?: boolean;
  /**
   * Write the GitHub CLI's `~/.config/gh/hosts.yml` (0600) for `host`: `oauth_token` and `git_protocol: https`. With a
   * token, the file is replaced at every start (gh logins stored there for other hosts are lost): prefer
   * `env: "GITHUB_TOKEN"` for gh when that is enough. While the token is empty (see `optional`) the file is not in the
   * manifest at all: the user's own hosts.yml (a `gh auth login`) is left alone, and one written earlier with a
   * now-gone token is removed as a stale file if unchanged (kept and reported if the user changed it). GitHub only.
   * @default false
   */
  readonly ghHosts?: boolean;
  /**
   * The forge's host, for the file formats. @default - from the well-known IDs (`github` → github.com, `gitlab` →
   * gitlab.com, `bitbucket`/`bitbucket-cloud` → bitbucket.org); otherwise required when a file format is asked for
   */
  readonly host?: string;
  /**
   * User name in the git credential line (the token is the password). @default - from the well-known IDs
   * (`x-access-token` for GitHub, `oauth2` for GitLab, `x-token-auth` for Bitbucket); otherwise required with
   * `gitCredentials`
   */
  readonly username?: string;
  /**
   * Passed to `data.coder_external_auth.optional`: users may create and update workspaces without linking the account.
   * The build then gets an empty token: the env var is set empty, and neither file is delivered (the manifest leaves
   * them out, revealing to the plan only that the token is empty: `nonsensitive(token == "")`), so no file of the
   * user's is replaced. With false, Coder asks the user to link the account before the workspace is created; a link
   * that cannot be refreshed at build time still yields an empty token, handled the same way. @default false
   */
  readonly optional?: boolean;
  /**
   * The template's `data.coder_external_auth` for this ID (one serves every agent; Coder lists each data source on the
   * workspace form). @default - the template's own for this ID when it has exactly one at the call (another agent's
   * `addExternalAuth()` made counts; `optional` must then match it); otherwise a new one under this construct, and a
   * synth warning if the template has another for this ID by then
   */
  readonly dataSource?: DataCoderExternalAuth;
}

/**
 * A file built from the token: a {@link DynamicSecret} (the secret-flow check and Coder's rules apply as to any) whose
 * file the agent leaves out of its manifest while the token is empty, so an empty token never replaces a file.
 */
class ExternalAuthFile extends DynamicSecret {
  constructor(scope: Construct, id: string, private readonly token: string, props: { readonly value: SecretValue; readonly file: string }) {
    super(scope, id, props);
  }

  public bind(agent: Agent): SecretBindingConfig {
    return { ...super.bind(agent), omitFileWhenEmpty: this.token };
  }
}

/** The construct id of the ExternalAuthToken for `providerId` under its agent. */
function constructIdFor(providerId: string): string {
  return `external_auth_${providerId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/**
 * The token of one of the Coder deployment's external auth providers, delivered to one agent: to an env var
 * ({@link ExternalAuthOptions.env}), a git credential store file ({@link ExternalAuthOptions.gitCredentials}) and/or the
 * GitHub CLI's `hosts.yml` ({@link ExternalAuthOptions.ghHosts}). Create it with `agent.addExternalAuth(id, options)`.
 *
 * Each delivery is a {@link DynamicSecret} child bound with `agent.addSecret`, so Coder's rules, fingerprints and the
 * secret-flow check apply as to any secret: `access_token` stays refused in plain places (metadata, outputs,
 * parameter defaults, scripts, plain env). The file contents are Terraform expressions over the token
 * (`format`, `urlencode`, `jsonencode`), resolved at apply time; no script holds the token. The files are delivered
 * only while the token is not empty ({@link ExternalAuthOptions.optional}).
 *
 * **NOTE**: the token rests in Terraform state and the agent manifest (as in Coder's own `coder_agent.env` pattern),
 * and, for a file delivery, in the workspace file system (0600).
 */
export class ExternalAuthToken extends Construct implements ISynthCheck {
  /** The external auth provider ID of the Coder deployment. */
  public readonly providerId: string;
  /** The `data.coder_external_auth` the token is read from. */
  public readonly dataSource: DataCoderExternalAuth;
  /** The agent the token is delivered to. */
  public readonly agent: Agent;
  /** The forge's host the files are written for, when a file is. */
  public readonly host: string | undefined;
  /** The binding of the env delivery, when there is one. */
  public readonly envBinding: SecretBinding | undefined;
  /** Where the git credential line is written, when it is. */
  public readonly gitCredentialsFile: string | undefined;
  /** The binding of the git credential file, when there is one. */
  public readonly gitCredentialsBinding: SecretBinding | undefined;
  /** The binding of `~/.config/gh/hosts.yml`, when there is one. */
  public readonly ghHostsBinding: SecretBinding | undefined;
  /** The token-free `coder_script` that points git's credential store at the file, with `gitCredentials`. */
  public readonly gitCredentialsScript: ScriptResource | undefined;
  /** True when this call added {@link dataSource} (none was given, and the template had none or several for the ID). */
  private readonly ownsDataSource: boolean;
  private readonly forThisId: (c: IConstruct) => c is DataCoderExternalAuth;

  /**
   * Prefer `agent.addExternalAuth(id, options)`. Bad options throw a {@link CoderConstructError} naming this
   * construct, the option, the rule and the fix, and leave nothing in the tree or on the agent.
   */
  constructor(agent: Agent, providerId: string, options: ExternalAuthOptions) {
    const id = constructIdFor(providerId);
    if (agent.node.tryFindChild(id) !== undefined) {
      throw new CoderConstructError(agent, `external auth "${providerId}" is already delivered to this agent`, "call addExternalAuth() once per ID and agent, with every delivery in its options");
    }
    super(agent, id);
    this.agent = agent;
    this.providerId = providerId;
    const fail = (problem: string, fix: string): never => CoderConstructError.abandon(this, `ExternalAuthToken "${providerId}": ${problem}`, fix);
    const gitCredentials = options.gitCredentials ?? false;
    const ghHosts = options.ghHosts ?? false;
    const known = WELL_KNOWN_EXTERNAL_AUTH[providerId];

    if (providerId.length === 0) fail("the ID is empty", "pass the ID of an external auth provider configured in the Coder deployment (CODER_EXTERNAL_AUTH_0_ID), e.g. \"github\"");
    if (!options.env && !gitCredentials && !ghHosts) {
      fail("no delivery is asked for, so the token would reach nothing", "set `env` (e.g. \"GITHUB_TOKEN\"), `gitCredentials: true` and/or `ghHosts: true`");
    }
    let host: string | undefined;
    if (gitCredentials || ghHosts) {
      host = options.host ?? known?.host;
      if (host === undefined) {
        fail(`option host is required for ${gitCredentials ? "gitCredentials" : "ghHosts"}: "${providerId}" is not a well-known ID (github, gitlab, bitbucket, bitbucket-cloud)`, "set `host` to the forge's host, e.g. host: \"github.example.com\"");
      }
      const problem = hostProblem(host!);
      if (problem !== undefined) fail(`option host ${JSON.stringify(host)} ${problem}`, "give the bare host, e.g. \"github.example.com\" (or \"git.example.com:8443\")");
    }
    let username: string | undefined;
    if (gitCredentials) {
      username = options.username ?? known?.username;
      if (username === undefined) {
        fail(`option username is required for gitCredentials: "${providerId}" is not a well-known ID, so the user name its git server takes beside a token is not known`, "set `username` (GitHub: \"x-access-token\", GitLab: \"oauth2\", Bitbucket: \"x-token-auth\")");
      }
      const problem = usernameProblem(username!);
      if (problem !== undefined) fail(`option username ${JSON.stringify(username)} ${problem}`, "use the forge's token user name, e.g. \"x-access-token\"");
    }
    if (ghHosts && known !== undefined && !known.github) {
      fail(`option ghHosts writes the GitHub CLI's hosts.yml, and "${providerId}" is not GitHub`, "drop `ghHosts`, or use `env`/`gitCredentials` for this forge");
    }
    const files = [...(gitCredentials ? [gitCredentialsFileFor(providerId)] : []), ...(ghHosts ? [GH_HOSTS_FILE] : [])];
    for (const file of files) {
      const other = agent.bindings.find((b) => b.config.file === file);
      if (other !== undefined) {
        fail(`${file} is already delivered to this agent by ${other.secret.node.path}, and a delivered file is replaced whole`, file === GH_HOSTS_FILE ? "write hosts.yml for one host only; give gh the other token through `env` (GH_ENTERPRISE_TOKEN for a GitHub Enterprise host)" : "deliver this file once");
      }
    }
    if (options.dataSource !== undefined) {
      if (TerraformStack.of(options.dataSource) !== TerraformStack.of(agent)) {
        fail(`option dataSource (${options.dataSource.node.path}) is in another stack than the agent`, "pass the data.coder_external_auth of this template, or leave `dataSource` unset");
      }
      if (options.dataSource.idInput !== providerId) {
        fail(`option dataSource (${options.dataSource.node.path}) reads another external auth ID`, `pass the data.coder_external_auth whose id is "${providerId}", or leave \`dataSource\` unset`);
      }
      if (options.optional !== undefined) fail("option optional is set beside dataSource, whose own `optional` decides", "set `optional` on the data source, or leave `dataSource` unset");
    }

    const forThisId = (c: IConstruct): c is DataCoderExternalAuth => c instanceof DataCoderExternalAuth && c.idInput === providerId;
    const reused = options.dataSource === undefined ? soleDataSource(agent, forThisId) : undefined;
    if (reused !== undefined && (options.optional ?? false) !== (reused.optionalInput ?? false)) {
      fail(`option optional (${options.optional ?? false}) differs from the template's data.coder_external_auth for "${providerId}" (${reused.node.path}), which this call uses`,
        `set \`optional\` on that data source and leave it unset here, or pass another one as \`dataSource\``);
    }
    this.host = host;
    this.forThisId = forThisId;
    this.ownsDataSource = options.dataSource === undefined && reused === undefined;
    this.dataSource = options.dataSource ?? reused ?? new DataCoderExternalAuth(this, "Default", { id: providerId, optional: options.optional });
    const token = this.dataSource.accessToken;
    if (options.env) {
      this.envBinding = agent.addSecret(new DynamicSecret(this, "env", { value: SecretValue.fromReference(token), env: options.env }));
    }
    if (gitCredentials) {
      this.gitCredentialsFile = gitCredentialsFileFor(providerId);
      const line = SecretValue.fromReference(gitCredentialStoreLine(token, host!, username!));
      this.gitCredentialsBinding = agent.addSecret(new ExternalAuthFile(this, "git_credentials", token, { value: line, file: this.gitCredentialsFile }));
      this.gitCredentialsScript = new ScriptResource(this, "git_credential_helper", {
        agentId: agent.id,
        displayName: `Git credentials (${providerId})`,
        icon: "/icon/git.svg",
        runOnStart: true,
        startBlocksLogin: true,
        script: escapeTerraformTemplate(gitCredentialHelperScript(host!, this.gitCredentialsFile)),
      });
    }
    if (ghHosts) {
      const yaml = SecretValue.fromReference(ghHostsYaml(token, host!));
      this.ghHostsBinding = agent.addSecret(new ExternalAuthFile(this, "gh_hosts", token, { value: yaml, file: GH_HOSTS_FILE }));
    }
  }

  /** A second `data.coder_external_auth` for this ID beside the one this call added (made later) warns. */
  public checkAtSynth(): void {
    if (!this.ownsDataSource) return;
    warnDuplicateDataSource(this, "ExternalAuthToken", this.dataSource, this.forThisId, `its own data.coder_external_auth for "${this.providerId}"`,
      "Coder lists each one on the workspace form",
      `pass it: agent.addExternalAuth(${JSON.stringify(this.providerId)}, { dataSource: …, … }) (or create it before the call, which then uses it)`);
  }
}
