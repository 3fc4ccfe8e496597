import { Construct, IConstruct } from "constructs";
import { Agent as AgentResource, AgentDisplayApps, AgentMetadata } from "../../provider/generated/coder/agent";
import { Env as EnvResource } from "../../provider/generated/coder/env";
import { Script as ScriptResource } from "../../provider/generated/coder/script";
import { checkEnvName, checkSecrets, LIMITS, ManifestSecret } from "../core";
import { Annotations, Fn, Lazy, Token } from "./cdk";
import { ISecret, markBindingOwner, SecretBinding, SecretBindingConfig } from "./binding";
import { ISynthCheck } from "./checks";
import { markUnsafeFlowOwner } from "./unsafe-flow";
import { CodersecretsManifest } from "./codersecrets";
import { CoderConstructError } from "./errors";
import { escapeTerraformTemplate } from "./escape";
import { ExternalAuthOptions, ExternalAuthToken } from "./external-auth";
import { MANIFEST_ENV_CHUNK_CHARS, manifestEnvChunkName } from "../core/manifest-env";
import { secretsScript, secretStatusScript } from "./secrets-script";
import { CoderTemplate } from "./template";
import { OwnerSshKey, OwnerSshKeyOptions } from "./owner-ssh-key";

/** The agent env var that carries the base64 manifest of the file secrets. Not `CODER_`-prefixed (reserved). */
export const DEFAULT_MANIFEST_ENV_VAR = "CDKTF_CODER_SECRETS_MANIFEST";

/** How plain env and env secrets reach the agent. */
export enum EnvDelivery {
  /** Entries of `coder_agent.env` (one reviewable map). */
  AGENT_ENV = "agent_env",
  /** One `coder_env` resource per variable. */
  CODER_ENV = "coder_env",
}

export interface AgentProps {
  /** Operating system of the workspace. @default "linux" */
  readonly os?: string;
  /** CPU architecture. @default "amd64" */
  readonly arch?: string;
  /** Start directory of sessions. @default - the user's home */
  readonly dir?: string;
  /**
   * Start-up script (shell text). `${…}`/`%{…}` in it are escaped for Terraform, so write plain shell; CDKTF tokens
   * embedded in it still resolve. Never put secrets here (the secret-flow check rejects them).
   * @default - none
   */
  readonly startupScript?: string;
  /** `blocking` or `non-blocking`. @default - the provider's default (non-blocking) */
  readonly startupScriptBehavior?: string;
  /** Shutdown script (shell text, escaped like `startupScript`). @default - none */
  readonly shutdownScript?: string;
  /** Initial env, as if passed to {@link Agent.addEnv}. @default - none */
  readonly env?: { readonly [name: string]: string };
  /** Where env goes. @default EnvDelivery.AGENT_ENV */
  readonly envDelivery?: EnvDelivery;
  /** Env var carrying the file-secret manifest. @default "CDKTF_CODER_SECRETS_MANIFEST" */
  readonly manifestEnvVar?: string;
  /** Which built-in apps to show. @default - the provider's default */
  readonly displayApps?: AgentDisplayApps;
  /** Agent metadata items (live values shown in the dashboard). @default - none */
  readonly metadata?: AgentMetadata[];
  /** Display order among agents. @default - none */
  readonly order?: number;
  /** Seconds before the agent is reported unhealthy. @default - the provider's default */
  readonly connectionTimeout?: number;
  /** URL shown when the agent fails to connect. @default - none */
  readonly troubleshootingUrl?: string;
  /** Display name of the generated secrets script. @default "Secrets" */
  readonly secretsScriptName?: string;
  /**
   * Whether an agent without file secrets still runs the file delivery, on an empty manifest: the manifest env var is
   * set to "" (no `codersecrets_manifest`, no bridge provider) and the secrets script runs, so the files an earlier
   * version of the template wrote are removed once it drops its last file secret (README.md: "Stale secret files").
   * `false` leaves that out (an agent that never had file secrets, or an image without `sha256sum`): then an agent
   * with no file secret and no expected user secret has no script at all. With a file secret, stale files are always
   * removed, so `false` beside a file secret fails synthesis (an error naming the agent, the secrets and the fix).
   * @default true
   */
  readonly removeStaleFiles?: boolean;
}

interface EnvEntry {
  readonly value: string;
  /** "plain", "secret" (a bound secret's value), "manifest" (the file-secret manifest). */
  readonly kind: "plain" | "secret" | "manifest";
  readonly source?: ISecret;
}

/** `DynamicSecret tpl/db`: the secret's class and construct path, for messages. */
function describeSecret(secret: ISecret): string {
  return `${secret.constructor.name} ${secret.node.path}`;
}

/** A binding as the agent keeps it: the fingerprint reference is built on first use (most are never shown). */
class AgentSecretBinding implements SecretBinding {
  private fingerprintToken: string | undefined;

  constructor(
    public readonly secret: ISecret,
    public readonly agent: Agent,
    public readonly config: SecretBindingConfig,
    private readonly fingerprintOf: (() => string) | undefined,
  ) {}

  public get fingerprint(): string | undefined {
    if (this.fingerprintToken === undefined && this.fingerprintOf !== undefined) this.fingerprintToken = this.fingerprintOf();
    return this.fingerprintToken;
  }
}

/**
 * A Coder workspace agent (`coder_agent`) with first-class secrets: `addEnv` for plain env, `addSecret` for any
 * {@link ISecret} (a `DynamicSecret` delivered to env and/or a file, an expected `UserSecret`). The agent owns the
 * bindings: it records them, validates them together at synthesis with Coder's rules, and never changes a secret.
 * File secrets and the user-secret check run in one login-blocking `coder_script` whose text holds no secret.
 */
export class Agent extends Construct implements ISynthCheck {
  /** The `coder_agent` resource (same Terraform name as this construct). */
  public readonly resource: AgentResource;
  /** Env var carrying the file-secret manifest. */
  public readonly manifestEnvVar: string;
  /** Whether the delivery runs (on an empty manifest) while no file secret is bound; see {@link AgentProps.removeStaleFiles}. */
  public readonly removeStaleFiles: boolean;
  private readonly template: CoderTemplate;
  private readonly delivery: EnvDelivery;
  private readonly envs = new Map<string, EnvEntry>();
  private readonly envResources = new Map<string, EnvResource>();
  private readonly recorded = new Map<ISecret, AgentSecretBinding>();
  /** Env names set twice, reported at synthesis with every other finding. */
  private readonly envConflicts: string[] = [];
  /** Env names given to {@link unsafeAddPlaintextEnv}: the secret-flow check lets a secret reach them. */
  private readonly unsafeEnv = new Set<string>();
  private readonly metadataItems: AgentMetadata[] = [];
  private envManifest: CodersecretsManifest | undefined;
  private fileManifest: CodersecretsManifest | undefined;
  private script: ScriptResource | undefined;
  private readonly scriptName: string;

  constructor(scope: Construct, id: string, props: AgentProps = {}) {
    super(scope, id);
    markBindingOwner(this);
    markUnsafeFlowOwner(this);
    this.template = CoderTemplate.of(this);
    this.delivery = props.envDelivery ?? EnvDelivery.AGENT_ENV;
    this.manifestEnvVar = props.manifestEnvVar ?? DEFAULT_MANIFEST_ENV_VAR;
    this.scriptName = props.secretsScriptName ?? "Secrets";
    this.removeStaleFiles = props.removeStaleFiles ?? true;
    this.resource = new AgentResource(this, "Default", {
      os: props.os ?? "linux",
      arch: props.arch ?? "amd64",
      dir: props.dir,
      startupScript: props.startupScript === undefined ? undefined : escapeTerraformTemplate(props.startupScript),
      startupScriptBehavior: props.startupScriptBehavior,
      shutdownScript: props.shutdownScript === undefined ? undefined : escapeTerraformTemplate(props.shutdownScript),
      displayApps: props.displayApps,
      order: props.order,
      connectionTimeout: props.connectionTimeout,
      troubleshootingUrl: props.troubleshootingUrl,
    });
    for (const m of props.metadata ?? []) this.addMetadata(m);
    if (this.removeStaleFiles) {
      // An empty manifest until a file secret is bound: the delivery then removes what an earlier version wrote.
      this.setEnv(this.manifestEnvVar, { value: "", kind: "manifest" });
      this.ensureScript();
    }
    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
  }

  /** `coder_agent.<name>.id`. */
  public get id(): string {
    return this.resource.id;
  }

  /** The agent token (sensitive: the secret-flow check follows it). */
  public get token(): string {
    return this.resource.token;
  }

  /** The agent's init script (pass it to the workspace container's entrypoint). */
  public get initScript(): string {
    return this.resource.initScript;
  }

  /**
   * Sets a plain env var. The name is checked at synth (syntax errors fail; reserved names warn). A literal `$`
   * followed by a name warns: Coder's agent expands template env. A secret reaching here warns: use {@link addSecret}.
   */
  public addEnv(name: string, value: string): void {
    this.setEnv(name, { value, kind: "plain" });
  }

  /**
   * Puts `value` into the agent env exactly as given, even if it is a secret: no secret-flow warning, no `$` warning.
   * The value lands in the plain `coder_agent.env` map, is `$`-expanded by the agent and skips the bridge provider's
   * checks. Prefer `addSecret(new DynamicSecret(...))`.
   */
  public unsafeAddPlaintextEnv(name: string, value: string): void {
    this.setEnv(name, { value, kind: "plain" });
    this.unsafeEnv.add(name);
  }

  /** For the secret-flow check: an `unsafeAddPlaintextEnv` name, in this agent's env map or its `coder_env`. @internal */
  public allowsUnsafeFlow(element: IConstruct, place: string): boolean {
    if (!place.startsWith("env:")) return false;
    const name = place.slice("env:".length);
    return this.unsafeEnv.has(name) && (element === this.resource || element === this.envResources.get(name));
  }

  /**
   * Binds a secret to this agent and returns the binding (binding it again returns the same one). The secret says what
   * it needs ({@link ISecret.bind}); a value is delivered to its env and/or file targets through the bridge provider's
   * manifest, an expected secret is checked for at start-up and listed for the user. The secret itself is not changed,
   * so one secret can be bound to several agents.
   */
  public addSecret(secret: ISecret): SecretBinding {
    const existing = this.recorded.get(secret);
    if (existing) return existing;
    const config = secret.bind(this);
    const value = config.value;
    const env = value !== undefined && config.env ? this.manifest("env") : undefined;
    const file = value !== undefined && config.file ? this.manifest("file") : undefined;
    env?.addSecret({ envName: config.env, value: value!.expression });
    file?.addSecret({ filePath: config.file, value: value!.expression, unlessEmpty: config.omitFileWhenEmpty });
    // One target's fingerprint stands for the binding: both are of the same value. A file left out of the manifest
    // has no fingerprint: "" then (`Fn.lookup` drops a falsy default, hence the raw string).
    const [ds, key] = env ? [env, `env:${config.env}`] : [file, `file:${config.file}`];
    const conditional = !env && config.omitFileWhenEmpty !== undefined;
    const fingerprintOf = ds === undefined ? undefined : () => Token.asString(conditional ? Fn.lookup(ds.fingerprints, key, Fn.rawString("")) : Fn.lookup(ds.fingerprints, key));
    const binding = new AgentSecretBinding(secret, this, config, fingerprintOf);
    // Recorded before the env is set: the manifest env var is sized from every recorded file target, this one included.
    this.recorded.set(secret, binding);
    if (env) this.setEnv(config.env!, { value: Token.asString(Fn.lookup(env.env, config.env!)), kind: "secret", source: secret });
    if (file) this.syncManifestEnv(file);
    if (file || config.expected !== undefined) this.ensureScript();
    return binding;
  }

  /**
   * Delivers the workspace owner's Coder SSH key to this agent's workspace: the private key to `~/.ssh/id_ed25519`
   * and the public key beside it (both 0600, before login), so plain `ssh` and `git` use it. Opt-in: the private key
   * then rests in the workspace file system too. Once per agent; see {@link OwnerSshKey}.
   */
  public addOwnerSshKey(options: OwnerSshKeyOptions = {}): OwnerSshKey {
    return new OwnerSshKey(this, "owner_ssh_key", options);
  }

  /** The binding of `secret` to this agent, if it is bound. */
  public bindingOf(secret: ISecret): SecretBinding | undefined {
    return this.recorded.get(secret);
  }

  /** Every secret bound to this agent, in binding order. */
  public get bindings(): readonly SecretBinding[] {
    return [...this.recorded.values()];
  }

  /**
   * Delivers the token of the Coder deployment's external auth provider `id` (`data.coder_external_auth`) to this
   * agent's workspace: to an env var and/or the files git and the GitHub CLI read it from, through the secrets manifest
   * (no script holds the token). Once per ID and agent; see {@link ExternalAuthToken}.
   */
  public addExternalAuth(id: string, options: ExternalAuthOptions): ExternalAuthToken {
    return new ExternalAuthToken(this, id, options);
  }

  /** Adds an agent metadata item (a script the agent runs periodically; shown live in the dashboard). */
  public addMetadata(item: AgentMetadata): void {
    this.metadataItems.push(item);
    this.resource.putMetadata([...this.metadataItems]);
  }

  /**
   * Adds a live agent metadata item listing which of this agent's secrets are present in the workspace
   * (`GITHUB_TOKEN: set · ~/.npmrc: not set`), by name only. Call after binding the secrets.
   */
  public addSecretStatusMetadata(options: { readonly key?: string; readonly displayName?: string; readonly interval?: number } = {}): void {
    const targets = [
      ...this.delivered().flatMap((c) => [...(c.env ? [{ env: c.env }] : []), ...(c.file ? [{ file: c.file }] : [])]),
      ...this.expected().map(({ config: c }) => ({ env: c.env, file: c.file, required: c.expected.required })),
    ];
    if (targets.length === 0) throw new CoderConstructError(this, "no secrets are bound to this agent yet", "call addSecret() before addSecretStatusMetadata()");
    this.addMetadata({
      key: options.key ?? "secrets",
      displayName: options.displayName ?? "Secrets",
      script: escapeTerraformTemplate(secretStatusScript(targets)),
      interval: options.interval ?? 60,
      timeout: 5,
    });
  }

  /**
   * The generated secrets `coder_script`: from construction on (it removes stale files), or with `removeStaleFiles:
   * false` once a file secret or user secret is bound.
   */
  public get secretsScript(): ScriptResource | undefined {
    return this.script;
  }

  /** The `codersecrets_manifest` data source holding env secrets, if any. */
  public get envSecretsManifest(): CodersecretsManifest | undefined {
    return this.envManifest;
  }

  /** The `codersecrets_manifest` data source holding file secrets, if any. */
  public get fileSecretsManifest(): CodersecretsManifest | undefined {
    return this.fileManifest;
  }

  /** Synth-time rules: env names, secret targets (Coder's rules), duplicates, user-secret shadowing. */
  public checkAtSynth(): void {
    const error = (m: string) => Annotations.of(this).addError(`Agent ${this.node.path}: ${m}`);
    const warn = (m: string) => Annotations.of(this).addWarning(`Agent ${this.node.path}: ${m}`);
    for (const [name, e] of this.envs) {
      if (e.kind !== "plain") continue;
      for (const p of checkEnvName(name)) {
        if (p.code === "env_name.syntax" || p.code === "env_name.too_long") error(`env ${p.message}`);
        else if (p.code === "env_name.reserved" || p.code === "env_name.coder_reserved") warn(`env ${p.message}`);
        // GIT_/LC_/LD_/DYLD_ prefixes are reserved for *user secrets*; templates set GIT_AUTHOR_NAME routinely.
      }
    }
    for (const c of this.envConflicts) error(c);
    const delivered = this.delivered();
    const files = delivered.filter((c) => c.file);
    if (!this.removeStaleFiles && files.length > 0) {
      // Reported, not thrown at the binding: OwnerSshKey and ExternalAuthToken bind from their constructors.
      error(`removeStaleFiles is false, but ${files.map((c) => `${describeSecret(c.secret)} (file ${c.file})`).join(", ")} ${files.length === 1 ? "delivers a file" : "deliver files"}; the delivery of file secrets always removes the files an earlier run wrote that the manifest no longer holds. Fix: drop removeStaleFiles: false (it only leaves the clean-up out of an agent without file secrets)`);
    }
    const list: ManifestSecret[] = delivered.map((c) => ({ envName: c.env ?? "", filePath: c.file ?? "", value: new Uint8Array() }));
    for (const p of checkSecrets(list, { homeDir: this.template.homeDir, targetsOnly: true })) {
      // Per-target rules are reported by the secret itself; an env name used twice is an env conflict (above).
      if (p.code.startsWith("env_name.") || p.code.startsWith("file_path.") || p.code === "secret.no_target" || p.code === "set.duplicate_env") continue;
      const who = p.index === undefined ? "" : ` (${describeSecret(delivered[p.index].secret)})`;
      (p.severity === "error" ? error : warn)(`${p.message}${who}`);
    }
    const users = new Map<string, ISecret>();
    for (const { secret, config: u } of this.expected()) {
      const key = u.env ? `env:${u.env}` : `file:${u.file}`;
      const first = users.get(key);
      if (first) error(`user secrets ${first.node.path} and ${secret.node.path} expect the same target (${key}). Fix: bind one of them`);
      users.set(key, secret);
      if (u.env && this.envs.has(u.env)) {
        warn(`template env ${u.env} is shadowed by the user secret ${secret.node.path}: Coder's agent injects user secrets after template env, so the user's value silently wins. Fix: rename the template variable, or drop one of them`);
      }
      if (u.file && delivered.some((d) => d.file === u.file)) {
        warn(`file ${u.file} is both a DynamicSecret target and the expected user secret ${secret.node.path}; the secrets script runs after the agent writes user secret files, so the dynamic secret wins. Fix: use one of them`);
      }
    }
    const manifestVar = this.envs.get(this.manifestEnvVar);
    if (manifestVar !== undefined && manifestVar.kind !== "manifest" && !this.envConflicts.some((c) => c.startsWith(`env ${this.manifestEnvVar} `))) {
      error(`env ${this.manifestEnvVar} is reserved for the file-secret manifest. Fix: rename the variable or set manifestEnvVar`);
    }
  }

  /** Bindings whose value this agent delivers, with their targets. */
  private delivered(): Array<SecretBindingConfig & { readonly secret: ISecret }> {
    return [...this.recorded.values()].filter((b) => b.config.value !== undefined).map((b) => ({ ...b.config, secret: b.secret }));
  }

  /** Bindings the start-up script checks for. */
  private expected(): Array<{ readonly secret: ISecret; readonly config: SecretBindingConfig & { readonly expected: NonNullable<SecretBindingConfig["expected"]> } }> {
    const out = [];
    for (const b of this.recorded.values()) {
      const expected = b.config.expected;
      if (expected !== undefined) out.push({ secret: b.secret, config: { ...b.config, expected } });
    }
    return out;
  }

  private setEnv(name: string, entry: EnvEntry): void {
    const prior = this.envs.get(name);
    if (prior !== undefined && !(prior.kind === "manifest" && entry.kind === "manifest")) {
      // Kept to report at synthesis beside every other finding; the first value stays.
      const who = (e: EnvEntry) => (e.source ? describeSecret(e.source) : e.kind === "manifest" ? "the file-secret manifest" : "addEnv");
      this.envConflicts.push(`env ${name} is set twice (by ${who(prior)} and by ${who(entry)}); only one value can reach the workspace. Fix: use one env name per value`);
      return;
    }
    this.envs.set(name, entry);
    if (this.delivery === EnvDelivery.AGENT_ENV) {
      this.resource.env = Object.fromEntries([...this.envs].map(([k, e]) => [k, e.value]));
    } else {
      const existing = this.envResources.get(name);
      if (existing) existing.value = entry.value;
      else this.envResources.set(name, new EnvResource(this, `env_${name.toLowerCase()}`, { agentId: this.resource.id, name, value: entry.value }));
    }
  }

  private manifest(kind: "env" | "file"): CodersecretsManifest {
    const existing = kind === "env" ? this.envManifest : this.fileManifest;
    if (existing) return existing;
    const ds = new CodersecretsManifest(this, `${kind}_secrets`, this.template.homeDir === undefined ? {} : { homeDir: this.template.homeDir });
    ds.node.addDependency(this.template.codersecretsProvider);
    if (kind === "env") this.envManifest = ds;
    else this.fileManifest = ds;
    return ds;
  }

  /** Env var(s) carrying `proto_base64`: one var, or chunks when the largest possible manifest would exceed 120 KiB. */
  private syncManifestEnv(ds: CodersecretsManifest): void {
    const files = this.delivered().filter((c) => c.file);
    const maxProto = files.reduce((n, c) => n + LIMITS.valueMaxBytes + Buffer.byteLength(c.file ?? "") + 16, 0);
    const maxBase64 = Math.ceil(maxProto / 3) * 4;
    const chunks = Math.max(1, Math.ceil(maxBase64 / MANIFEST_ENV_CHUNK_CHARS));
    if (chunks === 1) {
      this.setEnv(this.manifestEnvVar, { value: ds.protoBase64, kind: "manifest" });
      return;
    }
    for (let i = 0; i < chunks; i++) {
      const name = manifestEnvChunkName(this.manifestEnvVar, i);
      const part = Token.asString(Fn.try([Fn.substr(ds.protoBase64, i * MANIFEST_ENV_CHUNK_CHARS, MANIFEST_ENV_CHUNK_CHARS), ""]));
      this.envs.delete(name);
      this.setEnv(name, { value: part, kind: "manifest" });
    }
  }

  private ensureScript(): void {
    if (this.script) return;
    this.script = new ScriptResource(this, "secrets_script", {
      agentId: this.resource.id,
      displayName: this.scriptName,
      icon: "/icon/lock.svg",
      runOnStart: true,
      startBlocksLogin: true,
      script: Lazy.stringValue({
        produce: () =>
          escapeTerraformTemplate(
            secretsScript({
              manifestEnvVar: this.fileManifest || this.removeStaleFiles ? this.manifestEnvVar : undefined,
              userSecrets: this.expected().map(({ config: c }) => ({ env: c.env, file: c.file, ...c.expected })),
            }),
          ),
      }),
    });
  }
}
