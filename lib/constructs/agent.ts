import { Construct } from "constructs";
import { Agent as AgentResource, AgentDisplayApps, AgentMetadata } from "../../provider/generated/coder/agent";
import { Env as EnvResource } from "../../provider/generated/coder/env";
import { Script as ScriptResource } from "../../provider/generated/coder/script";
import { checkEnvName, checkSecrets, LIMITS, ManifestSecret } from "../core";
import { Annotations, Fn, Lazy, Token } from "./cdk";
import { allowUnsafeFlow } from "./secret-flow";
import { ISynthCheck } from "./checks";
import { CodersecretsManifest } from "./codersecrets";
import { DynamicSecret } from "./dynamic-secret";
import { CoderConstructError } from "./errors";
import { escapeTerraformTemplate } from "./escape";
import { MANIFEST_ENV_CHUNK_CHARS, manifestEnvChunkName } from "../core/manifest-env";
import { secretsScript, secretStatusScript } from "./secrets-script";
import { CoderTemplate } from "./template";
import { UserSecret } from "./user-secret";

/** The agent env var that carries the base64 manifest of the file secrets. Not `CODER_`-prefixed (reserved). */
export const DEFAULT_MANIFEST_ENV_VAR = "CDKTF_CODER_SECRETS_MANIFEST";
/** Chunk size of the manifest env var (Linux limits one env string to 128 KiB); see lib/core/manifest-env.ts. */

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
}

interface EnvEntry {
  readonly value: string;
  /** "plain", "secret" (a DynamicSecret), "manifest" (the file-secret manifest). */
  readonly kind: "plain" | "secret" | "manifest";
  readonly source?: DynamicSecret;
}

/**
 * A Coder workspace agent (`coder_agent`) with first-class secrets: `addEnv` for plain env, `addSecret` for a
 * {@link DynamicSecret} (env and/or file) or an expected {@link UserSecret}. Names are checked with Coder's rules at
 * synthesis; file secrets and the user-secret check run in one login-blocking `coder_script` whose text holds no secret.
 */
export class Agent extends Construct implements ISynthCheck {
  /** The `coder_agent` resource (same Terraform name as this construct). */
  public readonly resource: AgentResource;
  /** Env var carrying the file-secret manifest. */
  public readonly manifestEnvVar: string;
  private readonly template: CoderTemplate;
  private readonly delivery: EnvDelivery;
  private readonly envs = new Map<string, EnvEntry>();
  private readonly envResources = new Map<string, EnvResource>();
  private readonly dynamicSecrets: DynamicSecret[] = [];
  private readonly userSecrets: UserSecret[] = [];
  private readonly metadataItems: AgentMetadata[] = [];
  private envManifest: CodersecretsManifest | undefined;
  private fileManifest: CodersecretsManifest | undefined;
  private script: ScriptResource | undefined;
  private readonly scriptName: string;

  constructor(scope: Construct, id: string, props: AgentProps = {}) {
    super(scope, id);
    this.template = CoderTemplate.of(this);
    this.delivery = props.envDelivery ?? EnvDelivery.AGENT_ENV;
    this.manifestEnvVar = props.manifestEnvVar ?? DEFAULT_MANIFEST_ENV_VAR;
    this.scriptName = props.secretsScriptName ?? "Secrets";
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
    allowUnsafeFlow(this.delivery === EnvDelivery.AGENT_ENV ? this.resource : this.envResources.get(name) ?? this.resource, `env:${name}`);
  }

  /**
   * Binds a secret to this agent: a {@link DynamicSecret} is delivered to its env and/or file targets; a
   * {@link UserSecret} is checked for at start-up and listed for the user.
   */
  public addSecret(secret: DynamicSecret | UserSecret): void {
    if (secret instanceof UserSecret) {
      if (this.userSecrets.includes(secret)) return;
      this.userSecrets.push(secret);
      secret._bindings++;
      this.ensureScript();
      return;
    }
    if (this.dynamicSecrets.includes(secret)) return;
    this.dynamicSecrets.push(secret);
    secret._bindings++;
    if (secret.env) {
      const ds = this.manifest("env");
      ds.addSecret({ envName: secret.env, value: secret.value });
      this.setEnv(secret.env, { value: Token.asString(Fn.lookup(ds.env, secret.env)), kind: "secret", source: secret });
      const key = `env:${secret.env}`;
      secret._fingerprints.push(() => Token.asString(Fn.lookup(ds.fingerprints, key)));
    }
    if (secret.file) {
      const ds = this.manifest("file");
      ds.addSecret({ filePath: secret.file, value: secret.value });
      const key = `file:${secret.file}`;
      secret._fingerprints.push(() => Token.asString(Fn.lookup(ds.fingerprints, key)));
      this.syncManifestEnv(ds);
      this.ensureScript();
    }
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
      ...this.dynamicSecrets.flatMap((s) => [...(s.env ? [{ env: s.env }] : []), ...(s.file ? [{ file: s.file }] : [])]),
      ...this.userSecrets.map((s) => ({ env: s.env, file: s.file, required: s.required })),
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

  /** The user secrets bound to this agent. */
  public get expectedUserSecrets(): readonly UserSecret[] {
    return [...this.userSecrets];
  }

  /** The dynamic secrets bound to this agent. */
  public get secrets(): readonly DynamicSecret[] {
    return [...this.dynamicSecrets];
  }

  /** The generated secrets `coder_script`, once a file secret or user secret is bound. */
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
    const list: ManifestSecret[] = [];
    const owners: DynamicSecret[] = [];
    for (const s of this.dynamicSecrets) {
      list.push({ envName: s.env ?? "", filePath: s.file ?? "", value: new Uint8Array() });
      owners.push(s);
    }
    for (const p of checkSecrets(list, { homeDir: this.template.homeDir, targetsOnly: true })) {
      if (p.code.startsWith("env_name.") || p.code.startsWith("file_path.") || p.code === "secret.no_target") continue; // reported by the DynamicSecret itself
      const who = p.index === undefined ? "" : ` (DynamicSecret ${owners[p.index].node.path})`;
      (p.severity === "error" ? error : warn)(`${p.message}${who}`);
    }
    const users = new Map<string, UserSecret>();
    for (const u of this.userSecrets) {
      const key = u.env ? `env:${u.env}` : `file:${u.file}`;
      const first = users.get(key);
      if (first) error(`user secrets ${first.node.path} and ${u.node.path} expect the same target (${key}). Fix: bind one of them`);
      users.set(key, u);
      if (u.env && this.envs.has(u.env)) {
        warn(`template env ${u.env} is shadowed by the user secret ${u.node.path}: Coder's agent injects user secrets after template env, so the user's value silently wins. Fix: rename the template variable, or drop one of them`);
      }
      if (u.file && this.dynamicSecrets.some((d) => d.file === u.file)) {
        warn(`file ${u.file} is both a DynamicSecret target and the expected user secret ${u.node.path}; the secrets script runs after the agent writes user secret files, so the dynamic secret wins. Fix: use one of them`);
      }
    }
    if (this.envs.has(this.manifestEnvVar) && this.envs.get(this.manifestEnvVar)?.kind !== "manifest") {
      error(`env ${this.manifestEnvVar} is reserved for the file-secret manifest. Fix: rename the variable or set manifestEnvVar`);
    }
  }

  private setEnv(name: string, entry: EnvEntry): void {
    const prior = this.envs.get(name);
    if (prior !== undefined && !(prior.kind === "manifest" && entry.kind === "manifest")) {
      const who = (e: EnvEntry) => (e.source ? `DynamicSecret ${e.source.node.path}` : e.kind === "manifest" ? "the file-secret manifest" : "addEnv");
      const was = who(prior);
      const now = who(entry);
      throw new CoderConstructError(this, `env ${name} is set twice (by ${was} and by ${now}); only one value can reach the workspace`, "use one env name per value");
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
    const files = this.dynamicSecrets.filter((s) => s.file);
    const maxProto = files.reduce((n, s) => n + LIMITS.valueMaxBytes + Buffer.byteLength(s.file ?? "") + 16, 0);
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
              manifestEnvVar: this.fileManifest ? this.manifestEnvVar : undefined,
              userSecrets: this.userSecrets.map((u) => ({ env: u.env, file: u.file, required: u.required, label: u.label, howToAdd: u.howToAdd })),
            }),
          ),
      }),
    });
  }
}
