/** The Go SDK's JSON form of manifest secrets: `[{"env_name": "...", "file_path": "...", "value": "<base64>"}]`. */
import { CAPS, capProblem } from "./caps";
import { checkManifestTextSize, decodeBase64Strict, ManifestDecodeError } from "./manifest";
import { ManifestSecret } from "./secret";

export function toSdkJson(secrets: readonly ManifestSecret[]): string {
  return JSON.stringify(
    secrets.map((s) => ({ env_name: s.envName, file_path: s.filePath, value: Buffer.from(s.value).toString("base64") })),
  );
}

export function fromSdkJson(text: string): ManifestSecret[] {
  checkManifestTextSize(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ManifestDecodeError("secrets JSON: not valid JSON; expected an array of {env_name, file_path, value}");
  }
  if (!Array.isArray(parsed)) throw new ManifestDecodeError("secrets JSON: expected an array of {env_name, file_path, value}");
  if (parsed.length > CAPS.maxEntries) {
    throw new ManifestDecodeError(`secrets JSON: ${capProblem("entries", parsed.length, CAPS.maxEntries)}`, { rule: "cap" });
  }
  return parsed.map((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new ManifestDecodeError(`secrets JSON [${i}]: expected an object with env_name, file_path, value`);
    }
    const e = entry as Record<string, unknown>;
    const str = (key: string): string => {
      const v = e[key] ?? "";
      if (typeof v !== "string") throw new ManifestDecodeError(`secrets JSON [${i}].${key}: expected a string`);
      return v;
    };
    return { envName: str("env_name"), filePath: str("file_path"), value: decodeBase64Strict(str("value"), `secrets JSON [${i}].value`) };
  });
}
