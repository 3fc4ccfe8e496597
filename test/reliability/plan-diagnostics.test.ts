/**
 * One diagnostic per finding (issue 17 item 7). `terraform plan` calls ValidateDataResourceConfig in its validate walk
 * and in its plan walk, then ReadDataSource, and prints every diagnostic of every call: a warning returned by the
 * validate RPC appeared two or three times. Checked through the project's protocol client (the RPC sequence) and
 * through real Terraform's `plan -json`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { command as installCommand } from "../../cli/commands/install-provider";
import type { DiagnosticsResponse, ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { captureIo, manifestConfig, msgpack, summarize } from "../provider/client/client";
import { providerSession } from "../support/provider-session";

jest.setTimeout(180000);
const DS = "codersecrets_manifest";
const CONFIG = manifestConfig([
  { env_name: "TOKEN", value: "a$HOME" },
  { file_path: "~/x", value: "1" },
  { file_path: "/home/coder/x", value: "2" },
]);

describe("each finding is reported by one RPC of terraform's sequence (protocol client)", () => {
  const session = providerSession();

  it("validate (twice, as plan calls it) then read: the two warnings come once in all", async () => {
    const all = [];
    for (const rpc of ["ValidateDataResourceConfig", "ValidateDataResourceConfig", "ReadDataSource"]) {
      const res = await session.client().rpc<DiagnosticsResponse | ReadDataSourceResponse>(rpc, { type_name: DS, config: msgpack(CONFIG) });
      all.push(...summarize(res.diagnostics).map((d) => `${d.summary} @${d.path}`));
    }
    expect(all.sort()).toEqual(["Env secret value will be $-expanded @secret[0].value", "Two secrets write the same file @secret[2].file_path"].sort());
  });

  it("a validation that finds an error returns it with the warnings (plan stops there, before reading)", async () => {
    const res = await session.client().rpc<DiagnosticsResponse>("ValidateDataResourceConfig", { type_name: DS, config: msgpack(manifestConfig([{ env_name: "PATH", value: "a$B" }])) });
    expect(summarize(res.diagnostics).map((d) => [d.severity, d.summary])).toEqual([[1, "Reserved secret env_name"], [2, "Env secret value will be $-expanded"]]);
  });
});

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}
const TERRAFORM = findOnPath("terraform");

(TERRAFORM ? describe : describe.skip)(`terraform plan -json (${TERRAFORM ?? "terraform not on PATH"})`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-plan-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("prints each finding once, with or without an error", async () => {
    expect(await installCommand.run(["--dir", path.join(root, "install")], captureIo())).toBe(0);
    const env = { PATH: process.env.PATH, HOME: root, TF_CLI_CONFIG_FILE: path.join(root, "install", "terraformrc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const plan = (body: string) => {
      const dir = fs.mkdtempSync(path.join(root, "w-"));
      fs.writeFileSync(path.join(dir, "main.tf"), `terraform {\n  required_providers {\n    codersecrets = { source = "cdktf-coder/codersecrets" }\n  }\n}\n${body}`);
      expect(spawnSync(TERRAFORM!, ["init", "-no-color"], { cwd: dir, env, encoding: "utf8" }).status).toBe(0);
      const r = spawnSync(TERRAFORM!, ["plan", "-json", "-no-color"], { cwd: dir, env, encoding: "utf8" });
      return r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { type: string; diagnostic?: { severity: string; summary: string; address?: string } })
        .filter((m) => m.type === "diagnostic").map((m) => `${m.diagnostic!.severity}: ${m.diagnostic!.summary}`);
    };
    const warnings = plan(`data "codersecrets_manifest" "m" {
  secret {
    env_name = "TOKEN"
    value    = "a$HOME"
  }
  secret {
    file_path = "~/x"
    value     = "1"
  }
  secret {
    file_path = "/home/coder/x"
    value     = "2"
  }
}
`);
    expect(warnings.sort()).toEqual(["warning: Env secret value will be $-expanded", "warning: Two secrets write the same file"]);
    const errors = plan(`data "codersecrets_manifest" "m" {
  secret {
    env_name = "PATH"
    value    = "a$HOME"
  }
}
`);
    expect(errors.sort()).toEqual(["error: Reserved secret env_name", "warning: Env secret value will be $-expanded"]);
  });
});
