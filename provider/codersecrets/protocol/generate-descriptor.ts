/**
 * Turns the hand-written .proto files into the JSON descriptor the server loads at start-up
 * (protocol/descriptor.generated.ts), so the start-up path needs neither the .proto parser nor the files.
 *
 *   npx tsc -p tsconfig.json && node dist/provider/codersecrets/protocol/generate-descriptor.js
 *
 * test/provider/proto.test.ts fails when the committed descriptor is stale.
 */
import * as fs from "fs";
import * as path from "path";
import * as protobuf from "protobufjs";

export const PROTO_FILES = ["tfplugin6.proto", "go-plugin.proto", "health.proto"] as const;

/** Directory holding the .proto files (the source tree, also when running from dist/). */
export function protoDir(): string {
  const candidates = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../../../../provider/codersecrets")];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, PROTO_FILES[0]))) return dir;
  throw new Error(`cannot find ${PROTO_FILES[0]} near ${__dirname}`);
}

export function generateDescriptorSource(dir: string = protoDir()): string {
  const root = new protobuf.Root();
  for (const file of PROTO_FILES) root.loadSync(path.join(dir, file), { keepCase: true });
  const json = JSON.stringify(root.toJSON({ keepComments: false }), null, 2);
  return [
    "// GENERATED from tfplugin6.proto, go-plugin.proto and health.proto by protocol/generate-descriptor.ts. Do not edit.",
    "/* eslint-disable */",
    `export const DESCRIPTOR: Record<string, unknown> = ${json};`,
    "",
  ].join("\n");
}

export function main(): void {
  const dir = protoDir();
  const out = path.join(dir, "protocol", "descriptor.generated.ts");
  fs.writeFileSync(out, generateDescriptorSource(dir));
  process.stderr.write(`wrote ${out}\n`);
}

if (require.main === module) main();
