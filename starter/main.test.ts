import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { WorkspaceTemplate } from "./main";

describe("my-template", () => {
  const synthesized = () => Testing.synth(new WorkspaceTemplate(Testing.app(), "test"));

  it("gives the agent API_TOKEN through the secrets manifest, never in clear", () => {
    const json = synthesized();
    expect(json).toHaveDataSourceWithProperties({ tfResourceType: "codersecrets_manifest" }, {
      secret: [{ env_name: "API_TOKEN", value: "${var.api_token}" }],
    });
    expect(json).toHaveResourceWithProperties({ tfResourceType: "coder_agent" }, {
      // The empty file-secret manifest: the secrets script removes files an earlier version of the template wrote.
      env: { API_TOKEN: "${data.codersecrets_manifest.main_env_secrets.env.API_TOKEN}", CDKTF_CODER_SECRETS_MANIFEST: "" },
    });
  });

  it("checks for the user's GITHUB_TOKEN before anyone logs in", () => {
    const json = synthesized();
    expect(json).toHaveResourceWithProperties({ tfResourceType: "coder_script" }, { start_blocks_login: true, run_on_start: true });
    expect(json).toContain("coder secret create github-token --env GITHUB_TOKEN");
  });
});
