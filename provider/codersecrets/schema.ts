/** The provider's schema: no provider configuration, one data source `codersecrets_manifest`. */
import type { Schema, SchemaAttribute } from "./protocol/messages";
import { NestingMode, StringKind } from "./protocol/messages";


const type = (t: unknown): Uint8Array => Buffer.from(JSON.stringify(t));
const STRING = type("string");
const STRING_MAP = type(["map", "string"]);

function attribute(name: string, t: Uint8Array, flags: Omit<SchemaAttribute, "name" | "type">): SchemaAttribute {
  return { name, type: t, description_kind: StringKind.MARKDOWN, ...flags };
}

export const PROVIDER_SCHEMA: Schema = {
  version: 0,
  block: {
    description: "Turns dynamic secrets into Coder's agent manifest secret format at apply time. No configuration.",
    description_kind: StringKind.MARKDOWN,
  },
};

export const MANIFEST_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      "Validates secrets with Coder's rules at plan time and encodes them as Coder's agent manifest " +
      "(`coder.agent.v2.Manifest` field 19) at apply time. Values stay sensitive.",
    description_kind: StringKind.MARKDOWN,
    attributes: [
      attribute("id", STRING, { computed: true, description: "Fingerprint of the encoded manifest." }),
      attribute("home_dir", STRING, {
        optional: true,
        description: "Workspace home directory used to detect `~/x` vs `/home/coder/x` collisions. Default `/home/coder`.",
      }),
      attribute("proto_base64", STRING, {
        computed: true,
        sensitive: true,
        description: "Standard base64 of `coder.agent.v2.Manifest` holding only the secrets (field 19), in declaration order.",
      }),
      attribute("json", STRING, {
        computed: true,
        sensitive: true,
        description: 'The secrets as the Coder Go SDK JSON array: `[{"env_name","file_path","value":"<base64>"}]`.',
      }),
      attribute("env", STRING_MAP, {
        computed: true,
        sensitive: true,
        description: "`env_name` → value for the secrets that have an env target (for `coder_agent.env`).",
      }),
      attribute("fingerprints", STRING_MAP, {
        computed: true,
        description:
          "`env:<NAME>` / `file:<path>` → `sha256:` + 12 hex digits of the value. Not sensitive: they tell versions " +
          "apart, but a low-entropy value can be guessed from its fingerprint.",
      }),
    ],
    block_types: [
      {
        type_name: "secret",
        nesting: NestingMode.LIST,
        block: {
          description: "One secret: an env target, a file target, or both.",
          description_kind: StringKind.MARKDOWN,
          attributes: [
            attribute("env_name", STRING, { optional: true, description: "Environment variable name (Coder's rules apply)." }),
            attribute("file_path", STRING, { optional: true, description: "File path, `~/…` or absolute." }),
            attribute("value", STRING, { required: true, sensitive: true, description: "The secret value (UTF-8)." }),
          ],
        },
      },
    ],
  },
};

/**
 * The configuration object Terraform sends for `codersecrets_manifest`: every attribute of {@link MANIFEST_SCHEMA},
 * computed ones null, with the given `secret` blocks and `home_dir`. Generic in the value type, so a caller can put
 * the unknown marker of its own encoder in it. For the install-time training run, benchmarks and tests.
 */
export function manifestConfigObject<V>(secret: V, homeDir: V | string | null = null): Record<string, V | string | null> {
  const out: Record<string, V | string | null> = {};
  for (const a of MANIFEST_SCHEMA.block?.attributes ?? []) out[a.name] = null;
  out.home_dir = homeDir;
  out.secret = secret;
  return out;
}
