/**
 * Install-time training run for the bundle's V8 code cache (boot/): starts the staged launcher the way Terraform
 * does, with the boot's write switch, drives the RPCs of a plan and an apply with fixed sample values (no user data
 * exists at install time), shuts it down gracefully and checks the file it wrote. It doubles as a start-up check:
 * a provider that cannot serve fails the install instead of the user's first plan.
 */
import * as fs from "fs";
import { decodeCodeCache, sourceHash } from "../boot/code-cache-file";
import { WRITE_CODE_CACHE_FLAG } from "../boot/layout";
import { launchProvider, ProviderClient } from "../client";
import { encodeDynamicValue } from "../cty/msgpack";
import { CtyObject, CtyValue, UNKNOWN } from "../cty/value";
import { CODERSECRETS_MANIFEST_TYPE } from "../../../lib/core/provider-address";
import { manifestConfigObject } from "../schema";

export class CodeCacheBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodeCacheBuildError";
  }
}

type Sample = { env_name?: string; file_path?: string; value: CtyValue };

function manifestConfig(secrets: readonly Sample[]): CtyObject {
  return manifestConfigObject<CtyValue>(secrets.map((s) => ({ env_name: s.env_name ?? null, file_path: s.file_path ?? null, value: s.value })));
}

/** What the training run does with the started server before it shuts it down. */
export type TrainingSession = (client: ProviderClient) => Promise<void>;

/** What Terraform's plan and apply processes ask of the provider (the RPCs of a plan's launches, in order). */
export async function terraformSession(client: ProviderClient): Promise<void> {
  const config = (secrets: readonly Sample[]) => ({ type_name: CODERSECRETS_MANIFEST_TYPE, config: encodeDynamicValue(manifestConfig(secrets)) });
  await client.rpc("GetProviderSchema");
  await client.rpc("ValidateProviderConfig", { config: encodeDynamicValue({}) });
  await client.rpc("ConfigureProvider", { terraform_version: "1.11.4", config: encodeDynamicValue({}) });
  await client.rpc("ValidateDataResourceConfig", config([{ env_name: "TRAINING_TOKEN", value: UNKNOWN }]));
  // A rejected configuration too, so the diagnostics path is compiled: a reserved name and a relative path.
  await client.rpc("ValidateDataResourceConfig", config([{ env_name: "PATH", file_path: "relative", value: "sample" }]));
  await client.rpc("ReadDataSource", config([{ env_name: "TRAINING_TOKEN", value: "sample" }, { file_path: "~/.training/sample", value: "sample" }]));
}

/** Runs `launcher` once to write the code cache for `bundle` to `cacheFile`. */
export async function trainCodeCache(launcher: string, bundle: string, cacheFile: string, session: TrainingSession = terraformSession): Promise<void> {
  let provider;
  try {
    provider = await launchProvider({ command: [launcher, WRITE_CODE_CACHE_FLAG, cacheFile] });
  } catch (err) {
    throw new CodeCacheBuildError(`the installed provider did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  const client = new ProviderClient(provider);
  try {
    await session(client);
    const exited = provider.exited();
    await client.shutdown();
    const { code, signal } = await exited;
    if (code !== 0) throw new Error(`it exited with ${code ?? signal} after Shutdown: ${provider.stderr().trim().split("\n").slice(-2).join(" / ")}`);
  } catch (err) {
    provider.kill();
    throw new CodeCacheBuildError(`the installed provider failed its start-up check: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    client.close();
  }
  let written: Buffer;
  try {
    written = fs.readFileSync(cacheFile);
  } catch {
    throw new CodeCacheBuildError(`the training run wrote no code cache at ${cacheFile}`);
  }
  if (!decodeCodeCache(written, sourceHash(fs.readFileSync(bundle)))) {
    throw new CodeCacheBuildError(`the code cache at ${cacheFile} does not belong to ${bundle}`);
  }
}
