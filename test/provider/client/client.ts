/**
 * Test-side helpers around the library's protocol client (provider/codersecrets/client, which launches the provider
 * the way Terraform does: go-plugin AutoMTLS, magic cookie, PLUGIN_PROTOCOL_VERSIONS in random order). Here the
 * provider defaults to a bundle built from the sources, plus msgpack/config helpers and captured CLI streams.
 */
import * as crypto from "crypto";
import { encode as msgpackEncode, decode as msgpackDecode, ExtData } from "@msgpack/msgpack";
import { PassThrough } from "stream";
import {
  launchProvider as launch, LaunchedProvider, LaunchOptions,
} from "../../../provider/codersecrets/client";
import type { Diagnostic, DynamicValue } from "../../../provider/codersecrets/protocol/messages";
import { formatPath } from "../../../provider/codersecrets/diagnostics";
import { manifestConfigObject } from "../../../provider/codersecrets/schema";
import type { CliIo } from "../../../cli/io";
import { providerBundle } from "./bundle";

export { TERRAFORM_ENV, ProviderClient } from "../../../provider/codersecrets/client";
export type { ClientIdentity, LaunchedProvider } from "../../../provider/codersecrets/client";

/** Launches the provider; by default `node <bundle built from the sources>`. */
export async function launchProvider(options: Partial<LaunchOptions> = {}): Promise<LaunchedProvider> {
  return launch({ ...options, command: options.command ?? [process.execPath, await providerBundle()] });
}

/** The unknown marker as cty writes it: fixext1, type 0, one zero byte. */
export const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));
/** A refined unknown (ext 12): not null, string prefix "ab". */
export const REFINED_UNKNOWN_EXT = new ExtData(12, msgpackEncode(new Map<number, unknown>([[1, false], [2, "ab"]])));

export function msgpack(value: unknown): DynamicValue {
  return { msgpack: Buffer.from(msgpackEncode(value, { useBigInt64: true })) };
}

export function decodeState(value: DynamicValue | undefined): unknown {
  if (!value?.msgpack) return undefined;
  return msgpackDecode(value.msgpack, { useBigInt64: true });
}

export function isUnknownExt(value: unknown): boolean {
  return value instanceof ExtData;
}

export interface SecretBlock {
  env_name?: string | null | ExtData;
  file_path?: string | null | ExtData;
  value?: string | null | ExtData;
}

/** A full config object for codersecrets_manifest, computed attributes null as Terraform sends them. */
export function manifestConfig(secrets: SecretBlock[] | ExtData, homeDir: string | null | ExtData = null): Record<string, unknown> {
  const blocks = Array.isArray(secrets)
    ? secrets.map((s) => ({ env_name: s.env_name ?? null, file_path: s.file_path ?? null, value: s.value ?? null }))
    : secrets;
  return manifestConfigObject<unknown>(blocks, homeDir);
}

export function summarize(diagnostics: Diagnostic[] | undefined): { severity: number; summary: string; path: string; detail: string }[] {
  return (diagnostics ?? []).map((d) => ({ severity: d.severity ?? 0, summary: d.summary ?? "", path: formatPath(d.attribute), detail: d.detail ?? "" }));
}

export function randomCanary(): string {
  return `CANARY-${crypto.randomBytes(9).toString("hex")}`;
}

/** In-process CLI streams for running a command's `run(argv, io)` and reading what it printed. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env, out: () => out, err: () => err };
}

