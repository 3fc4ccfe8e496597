/**
 * Pure converter: configuration → the data source's state object (configuration echoed back plus the computed
 * attributes). Unknown inputs give unknown outputs, keeping the known parts where a partial answer is exact
 * (a map whose keys are known but some values are not).
 */
import { encodeManifest, fingerprint, ManifestSecret, toSdkJson } from "../../../lib/core";
import { CtyObject, CtyValue, isUnknown, UNKNOWN } from "../cty/value";
import type { ManifestConfig, MaybeString } from "./config";

function echo(v: MaybeString): CtyValue {
  return v;
}

/** The secrets, when every target and value is known. */
export function knownSecrets(config: ManifestConfig): ManifestSecret[] | undefined {
  if (isUnknown(config.secrets)) return undefined;
  const out: ManifestSecret[] = [];
  for (const e of config.secrets) {
    if (isUnknown(e.envName) || isUnknown(e.filePath) || isUnknown(e.value)) return undefined;
    out.push({ envName: e.envName ?? "", filePath: e.filePath ?? "", value: Buffer.from(e.value ?? "", "utf8") });
  }
  return out;
}

function envMap(config: ManifestConfig): CtyValue {
  if (isUnknown(config.secrets)) return UNKNOWN;
  const out: CtyObject = Object.create(null) as CtyObject;
  for (const e of config.secrets) {
    if (isUnknown(e.envName)) return UNKNOWN;
    if (e.envName) out[e.envName] = isUnknown(e.value) ? UNKNOWN : (e.value ?? "");
  }
  return out;
}

function fingerprintMap(config: ManifestConfig): CtyValue {
  if (isUnknown(config.secrets)) return UNKNOWN;
  const out: CtyObject = Object.create(null) as CtyObject;
  for (const e of config.secrets) {
    if (isUnknown(e.envName) || isUnknown(e.filePath)) return UNKNOWN;
    const fp = isUnknown(e.value) ? UNKNOWN : fingerprint(e.value ?? "");
    if (e.envName) out[`env:${e.envName}`] = fp;
    if (e.filePath) out[`file:${e.filePath}`] = fp;
  }
  return out;
}

export function manifestState(config: ManifestConfig): CtyObject {
  const secrets = knownSecrets(config);
  const secretBlocks: CtyValue = isUnknown(config.secrets)
    ? UNKNOWN
    : config.secrets.map((e) => ({ env_name: echo(e.envName), file_path: echo(e.filePath), value: echo(e.value) }));
  const proto = secrets ? encodeManifest(secrets) : undefined;
  return {
    id: proto ? fingerprint(proto) : UNKNOWN,
    home_dir: echo(config.homeDir),
    secret: secretBlocks,
    proto_base64: proto ? Buffer.from(proto.buffer, proto.byteOffset, proto.byteLength).toString("base64") : UNKNOWN,
    json: secrets ? toSdkJson(secrets) : UNKNOWN,
    env: envMap(config),
    fingerprints: fingerprintMap(config),
  };
}
