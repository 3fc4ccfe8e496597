/**
 * The environment a workspace process sees, computed with the precedence of Coder's agent
 * (coder/coder agent/agent.go updateCommandEnv; later steps win):
 *   1. built-ins (CODER=true, CODER_WORKSPACE_*, CODER_AGENT_TOKEN, GIT_SSH_COMMAND, …)
 *   2. the agent's process env — it only fills names not set yet (the agent's code, despite its comment)
 *   3. template env (`coder_agent.env`, `coder_env`, and dynamic secrets delivered through them), each value
 *      `$`-expanded with os.ExpandEnv against the agent's process env
 *   4. user secrets with an env target, raw (no expansion)
 *   5. agent bootstrap vars (agent options), which override everything
 */
import { expandLikeAgent, hasExpansionHazard } from "./expand";
import { ManifestSecret } from "./secret";
import { SecretRuleViolation } from "./violations";

export interface WorkspaceEnvSources {
  /** Step 1: the agent's predefined variables. @default {} */
  readonly builtins?: Readonly<Record<string, string>>;
  /** Step 2, and what `$NAME` in template env expands against. @default {} */
  readonly processEnv?: Readonly<Record<string, string>>;
  /** Step 3: template env, after coderd's merge (`coder_env` first, `coder_agent.env` wins). @default {} */
  readonly templateEnv?: Readonly<Record<string, string>>;
  /** Step 3 as well: dynamic secrets reach the agent through `coder_agent.env`. @default [] */
  readonly dynamicSecrets?: readonly ManifestSecret[];
  /** Step 4: the user's secrets from the manifest. @default [] */
  readonly userSecrets?: readonly ManifestSecret[];
  /** Step 5. @default {} */
  readonly agentVars?: Readonly<Record<string, string>>;
}

export interface WorkspaceEnv {
  readonly env: Readonly<Record<string, string>>;
  /** Shadowing and `$`-expansion findings (warnings), naming variables only. */
  readonly findings: readonly SecretRuleViolation[];
}

const utf8 = new TextDecoder();

export function mergeWorkspaceEnv(sources: WorkspaceEnvSources): WorkspaceEnv {
  const env: Record<string, string> = { ...sources.builtins };
  const findings: SecretRuleViolation[] = [];
  const processEnv = sources.processEnv ?? {};
  for (const [k, v] of Object.entries(processEnv)) if (!(k in env)) env[k] = v;

  const template: Record<string, string> = { ...sources.templateEnv };
  for (const s of sources.dynamicSecrets ?? []) if (s.envName) template[s.envName] = utf8.decode(s.value);
  for (const [k, v] of Object.entries(template)) {
    if (hasExpansionHazard(v)) {
      findings.push(new SecretRuleViolation({
        code: "env.dollar_expansion", severity: "warning", field: "value", target: { envName: k },
        coderMessage: "template env values are `$`-expanded by Coder's agent (os.ExpandEnv, no escape), so this value reaches the workspace changed",
        fix: "deliver the value as a file (file_path) or as a Coder user secret, which the agent injects raw",
      }));
    }
    env[k] = expandLikeAgent(v, (name) => processEnv[name]);
  }

  for (const s of sources.userSecrets ?? []) {
    if (!s.envName) continue;
    if (s.envName in template) {
      findings.push(new SecretRuleViolation({
        code: "env.shadowed_by_user_secret", severity: "warning", field: "env_name", target: { envName: s.envName },
        coderMessage: "a user secret with this env name overrides the template's value (user secrets win over coder_agent.env and coder_env)",
        fix: "drop the template's value, or rename one of the two",
      }));
    }
    env[s.envName] = utf8.decode(s.value);
  }

  for (const [k, v] of Object.entries(sources.agentVars ?? {})) {
    if (k in template || (sources.userSecrets ?? []).some((s) => s.envName === k)) {
      findings.push(new SecretRuleViolation({
        code: "env.overridden_by_agent", severity: "warning", field: "env_name", target: { envName: k },
        coderMessage: "the agent sets this variable itself and overrides the template or user secret",
        fix: "use another name",
      }));
    }
    env[k] = v;
  }
  return { env, findings };
}
