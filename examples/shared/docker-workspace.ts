/**
 * The workspace half every example shares, modelled on Coder's "docker" starter template: the workspace and owner
 * data sources, a persistent home volume, and a container that runs the agent's init script.
 */
import { Construct } from "constructs";
import { Fn, TerraformCount } from "cdktf";
import { DataCoderWorkspace } from "../../provider/generated/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { Container } from "../generated/docker/container";
import { Image } from "../generated/docker/image";
import { DockerProvider } from "../generated/docker/provider";
import { Volume } from "../generated/docker/volume";
import { Agent } from "../../lib";

export interface DockerWorkspaceOptions {
  /** Image of the workspace container. @default "codercom/enterprise-base:ubuntu" */
  readonly image?: string;
}

/** Everything a docker workspace needs besides the agent; resources are created directly in `scope` (readable names). */
export class DockerWorkspace {
  public readonly workspace: DataCoderWorkspace;
  public readonly owner: DataCoderWorkspaceOwner;
  public readonly homeVolume: Volume;
  public readonly container: Container;

  constructor(scope: Construct, agent: Agent, options: DockerWorkspaceOptions = {}) {
    new DockerProvider(scope, "docker");
    this.workspace = new DataCoderWorkspace(scope, "me");
    this.owner = new DataCoderWorkspaceOwner(scope, "owner");
    const image = new Image(scope, "image", { name: options.image ?? "codercom/enterprise-base:ubuntu", keepLocally: true });
    this.homeVolume = new Volume(scope, "home_volume", {
      name: `coder-${this.workspace.id}-home`,
      lifecycle: { ignoreChanges: "all" },
      labels: [
        { label: "coder.owner", value: this.owner.name },
        { label: "coder.workspace_id", value: this.workspace.id },
      ],
    });
    this.container = new Container(scope, "workspace", {
      count: TerraformCount.of(this.workspace.startCount),
      image: image.name,
      name: `coder-${this.owner.name}-${Fn.lower(this.workspace.name)}`,
      hostname: this.workspace.name,
      entrypoint: ["sh", "-c", Fn.replace(agent.initScript, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")],
      // The agent token is how the agent authenticates; Coder's own templates pass it like this.
      env: [`CODER_AGENT_TOKEN=${agent.token}`],
      host: [{ host: "host.docker.internal", ip: "host-gateway" }],
      volumes: [{ containerPath: "/home/coder", volumeName: this.homeVolume.name, readOnly: false }],
    });
  }
}
