/**
 * The workspace owner's Coder SSH key as a first-class source: `data.coder_workspace_owner`'s `ssh_private_key`
 * (sensitive) and `ssh_public_key` (plain) delivered as files through the agent's secrets manifest, so plain `ssh` and
 * `git` find the key where OpenSSH looks by default.
 */
import { Construct, IConstruct } from "constructs";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { checkFilePath, printablePath, resolveSecretPath } from "../core";
import type { Agent } from "./agent";
import { ISecret, SecretBinding, SecretBindingConfig } from "./binding";
import { TerraformStack } from "./cdk";
import { DynamicSecret } from "./dynamic-secret";
import { ISynthCheck } from "./checks";
import { CoderConstructError } from "./errors";
import { SecretValue } from "./secret-value";
import { soleDataSource, warnDuplicateDataSource } from "./template-data-sources";
import { CoderTemplate } from "./template";

function isWorkspaceOwner(c: IConstruct): c is DataCoderWorkspaceOwner {
  return c instanceof DataCoderWorkspaceOwner;
}

/** Where the private key goes unless `file` says otherwise: the name OpenSSH tries for an ed25519 key. */
export const DEFAULT_OWNER_SSH_KEY_FILE = "~/.ssh/id_ed25519";

export interface OwnerSshKeyOptions {
  /**
   * File the private key is written to (`~/…` or absolute), 0600. The public key goes to `${file}.pub`. OpenSSH reads
   * the key type from the file's content, so a deployment that generates RSA or ECDSA keys
   * (`CODER_SSH_KEYGEN_ALGORITHM`) still works here; name the file `~/.ssh/id_rsa` or `~/.ssh/id_ecdsa` to match.
   * @default "~/.ssh/id_ed25519"
   */
  readonly file?: string;
  /** Also write the public key to `${file}.pub`. @default true */
  readonly publicKey?: boolean;
  /**
   * The template's `data.coder_workspace_owner` (one data source serves every agent).
   * @default - the template's own when it has exactly one at the call (any agent's `addOwnerSshKey()` made counts);
   * otherwise a new one, named after the agent (`data.coder_workspace_owner.main_owner_ssh_key`), and a synth warning
   * if the template has another by then
   */
  readonly owner?: DataCoderWorkspaceOwner;
}

/**
 * The public half, delivered through the same binding and manifest as a secret but not registered as one: the
 * secret-flow check treats every DynamicSecret value as secret, and a public key belongs in plain metadata.
 */
class OwnerPublicKeyFile extends Construct implements ISecret {
  constructor(scope: Construct, id: string, private readonly file: string, private readonly publicKey: SecretValue) {
    super(scope, id);
  }

  public bind(_agent: Agent): SecretBindingConfig {
    return { file: this.file, value: this.publicKey };
  }
}

/** The rule the `file` option breaks, with its fix, or undefined. Coder's path rules, then what a key file needs. */
function fileProblem(file: string, withPublicKey: boolean, homeDir: string): { readonly rule: string; readonly fix: string } | undefined {
  if (file === "") return { rule: "must name a file; it is empty", fix: `leave \`file\` unset for ${DEFAULT_OWNER_SSH_KEY_FILE}, or give a path such as ~/.ssh/coder_ed25519` };
  for (const path of withPublicKey ? [file, `${file}.pub`] : [file]) {
    const error = checkFilePath(path).find((p) => p.severity === "error");
    if (error !== undefined) {
      if (path === file) return { rule: `breaks Coder's file path rule: ${error.coderMessage}`, fix: error.fix };
      return {
        rule: `breaks Coder's file path rule (its public key file "${printablePath(path)}"): ${error.coderMessage}`,
        fix: `shorten \`file\` so that FILE.pub fits too (${error.fix}), or set publicKey: false`,
      };
    }
  }
  const cleaned = resolveSecretPath(file, homeDir);
  if (file.endsWith("/") || cleaned === homeDir || cleaned === "/") {
    return { rule: "names a directory, and the key is written to a file", fix: "end the path with the key's file name, e.g. ~/.ssh/id_ed25519" };
  }
  if (file.endsWith(".pub")) {
    return { rule: "ends in .pub, the name ssh gives the public half of a key", fix: "name the private key file without .pub (the public key goes beside it as FILE.pub)" };
  }
  return undefined;
}

/**
 * The workspace owner's Coder SSH key (the key shown on the user's account page, the one `coder gitssh` uses),
 * written into the workspace: the private key to `~/.ssh/id_ed25519` and the public key to `~/.ssh/id_ed25519.pub`,
 * both 0600 (ssh requires a private key file readable by no one else and accepts a public key at 0600 or 0644;
 * every file the manifest delivers is 0600, and a public key gains nothing from being world-readable), written
 * atomically before login, replacing whatever file is there. Create it with `agent.addOwnerSshKey()`.
 *
 * It is a pair of bindings on the agent: the private key is a {@link DynamicSecret} (child `private_key`), so Coder's
 * rules, the fingerprint and the secret-flow check apply as to any secret, and `ssh_private_key` stays refused in
 * plain places (metadata, outputs, parameter defaults, scripts).
 *
 * **NOTE**: opt-in, because the private key then rests in the workspace file system (0600, the workspace user and
 * root can read it) as well as in Terraform state and the agent manifest, where it already was for `coder gitssh`.
 * Coder's own path keeps working: `coder gitssh` (the agent's `GIT_SSH_COMMAND`) offers `~/.ssh`'s identities and
 * then its own copy of the same key. With the key in `~/.ssh`, plain `ssh` and `git` work without `GIT_SSH_COMMAND` too.
 */
export class OwnerSshKey extends Construct implements ISynthCheck {
  /** The `data.coder_workspace_owner` the key is read from. */
  public readonly owner: DataCoderWorkspaceOwner;
  /** True when this call added {@link owner} (none was given, and the template had none or several). */
  private readonly ownsDataSource: boolean;
  /** The agent the key is delivered to. */
  public readonly agent: Agent;
  /** Where the private key is written. */
  public readonly file: string;
  /** Where the public key is written, when it is. */
  public readonly publicKeyFile: string | undefined;
  /** The binding of the private key (its fingerprint, for `SecretMetadata.addSecret`). */
  public readonly privateKeyBinding: SecretBinding;
  /** The binding of the public key file, when it is written. */
  public readonly publicKeyBinding: SecretBinding | undefined;

  /**
   * Prefer `agent.addOwnerSshKey(options)`. Bad options throw a {@link CoderConstructError} naming this construct,
   * the option, the rule and the fix, and leave nothing in the tree.
   */
  constructor(agent: Agent, id: string, options: OwnerSshKeyOptions = {}) {
    if (agent.node.tryFindChild(id) !== undefined) {
      throw new CoderConstructError(agent, `agent.addOwnerSshKey() was already called on this agent (${agent.node.path}/${id}); the owner has one Coder SSH key`, "call it once per agent and keep the OwnerSshKey it returns");
    }
    super(agent, id);
    this.agent = agent;
    this.file = options.file ?? DEFAULT_OWNER_SSH_KEY_FILE;
    const withPublicKey = options.publicKey ?? true;
    const fail = (problem: string, fix: string): never => CoderConstructError.abandon(this, problem, fix);
    const problem = fileProblem(this.file, withPublicKey, CoderTemplate.of(agent).homeDir);
    if (problem !== undefined) fail(`OwnerSshKey option file "${printablePath(this.file)}" ${problem.rule}`, problem.fix);
    if (options.owner !== undefined && TerraformStack.of(options.owner) !== TerraformStack.of(agent)) {
      fail(`OwnerSshKey option owner (${options.owner.node.path}) is in another stack than the agent`, "pass the data.coder_workspace_owner of this template, or leave `owner` unset");
    }
    const reused = options.owner === undefined ? soleDataSource(agent, isWorkspaceOwner) : undefined;
    this.owner = options.owner ?? reused ?? new DataCoderWorkspaceOwner(this, "Default");
    this.ownsDataSource = options.owner === undefined && reused === undefined;
    const privateKey = new DynamicSecret(this, "private_key", { value: SecretValue.fromReference(this.owner.sshPrivateKey), file: this.file });
    this.privateKeyBinding = agent.addSecret(privateKey);
    if (withPublicKey) {
      this.publicKeyFile = `${this.file}.pub`;
      const publicKey = new OwnerPublicKeyFile(this, "public_key", this.publicKeyFile, SecretValue.fromReference(this.owner.sshPublicKey));
      this.publicKeyBinding = agent.addSecret(publicKey);
    }
  }

  /** A second `data.coder_workspace_owner` beside the one this call added (the template made its own later) warns. */
  public checkAtSynth(): void {
    if (!this.ownsDataSource) return;
    warnDuplicateDataSource(this, "OwnerSshKey", this.owner, isWorkspaceOwner, "its own data.coder_workspace_owner", "one serves every agent, and each is read at every build",
      "pass it: agent.addOwnerSshKey({ owner: … }) (or create it before the call, which then uses it)");
  }

  /**
   * The owner's public key (`data.coder_workspace_owner.….ssh_public_key`), a plain reference: fine in a metadata
   * item or an app, so users can copy it into GitHub or GitLab. The private key has no getter here: a template needs
   * only its delivery (done) and its fingerprint ({@link privateKeyBinding}); the data source's `sshPrivateKey` is
   * still there for a deliberate use, and the secret-flow check follows it.
   */
  public get publicKey(): string {
    return this.owner.sshPublicKey;
  }
}
