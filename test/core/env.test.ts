import { mergeWorkspaceEnv, secret } from "../../lib/core";

describe("mergeWorkspaceEnv (agent updateCommandEnv precedence)", () => {
  it("applies built-ins < process env (fills only) < template env (expanded) < user secrets (raw) < agent vars", () => {
    const { env, findings } = mergeWorkspaceEnv({
      builtins: { CODER: "true", CODER_AGENT_TOKEN: "builtin" },
      processEnv: { CODER: "from-process", HOME: "/home/coder", ONLY_PROCESS: "p" },
      templateEnv: { DATA: "$HOME/data", TOKEN: "template", CODER_AGENT_TOKEN: "template-overrides-builtin" },
      userSecrets: [secret({ envName: "TOKEN" }, "user$HOME"), secret({ filePath: "~/x" }, "file-only")],
      agentVars: { GIT_ASKPASS: "/bin/askpass" },
    });
    expect(env).toEqual({
      CODER: "true",
      HOME: "/home/coder",
      ONLY_PROCESS: "p",
      CODER_AGENT_TOKEN: "template-overrides-builtin",
      DATA: "/home/coder/data",
      TOKEN: "user$HOME",
      GIT_ASKPASS: "/bin/askpass",
    });
    expect(findings.map((f) => [f.code, f.target])).toEqual([
      ["env.dollar_expansion", "env DATA"],
      ["env.shadowed_by_user_secret", "env TOKEN"],
    ]);
  });

  it("dynamic secrets go through coder_agent.env, so `$` in them is mangled and reported", () => {
    const { env, findings } = mergeWorkspaceEnv({ dynamicSecrets: [secret({ envName: "API_KEY" }, "ab$cd$$ef")] });
    expect(env.API_KEY).toBe("abef");
    expect(findings.map((f) => f.code)).toEqual(["env.dollar_expansion"]);
    expect(findings[0].message).not.toContain("ab$cd");
  });

  it("agent vars override user secrets and say so", () => {
    const { env, findings } = mergeWorkspaceEnv({ userSecrets: [secret({ envName: "X" }, "u")], agentVars: { X: "agent" } });
    expect(env.X).toBe("agent");
    expect(findings.map((f) => f.code)).toEqual(["env.overridden_by_agent"]);
  });
});
