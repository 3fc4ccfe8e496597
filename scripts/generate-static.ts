/**
 * Turns the hand-written .proto files into static protobufjs code (provider/codersecrets/protocol/static.generated.ts): plain encode,
 * decode and convert functions per message, run on protobufjs/minimal. A provider process then neither builds a
 * reflection root nor generates code with `new Function` on its first RPCs (code no code cache can hold, generated
 * again by each of Terraform's launches); the static functions are compiled once, into the code cache (boot/).
 *
 *   npm run generate:protocol
 *
 * Uses pbjs from protobufjs-cli (a devDependency). test/provider/proto.test.ts fails when the committed file is stale.
 */
import * as fs from "fs";
import * as path from "path";

export const PROTO_FILES = ["tfplugin6.proto", "go-plugin.proto", "health.proto"] as const;
export const GENERATED_FILE = "static.generated.ts";

/** Directory holding the .proto files (the source tree, also when running from dist/). */
export function protoDir(): string {
  const candidates = [path.resolve(__dirname, "../provider/codersecrets"), path.resolve(__dirname, "../../provider/codersecrets")];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, PROTO_FILES[0]))) return dir;
  throw new Error(`cannot find ${PROTO_FILES[0]} near ${__dirname}`);
}

interface Pbjs {
  main(args: string[], callback: (err: Error | null, output?: string) => void): void;
}

/**
 * pbjs options: a root of our own (not protobufjs's shared "default" registry), field names as written (the message types in messages.ts use them), ES module output, and no
 * verify/delimited/typeurl/service code: the provider converts plain objects (fromObject/toObject) and grpc-js
 * frames the messages.
 */
const PBJS_ARGS = ["-t", "static-module", "-w", "es6", "-r", "cdktf_coder_secrets_provider", "--keep-case", "--no-verify", "--no-delimited", "--no-typeurl", "--no-service", "--no-comments"];

export function generateStaticSource(dir: string = protoDir()): Promise<string> {
  const { pbjs } = require("protobufjs-cli") as { pbjs: Pbjs };
  return new Promise((resolve, reject) => {
    pbjs.main([...PBJS_ARGS, ...PROTO_FILES.map((f) => path.join(dir, f))], (err, output) => {
      if (err || output === undefined) return reject(err ?? new Error("pbjs produced no output"));
      resolve(
        [
          `// GENERATED from ${PROTO_FILES.join(", ")} by scripts/generate-static.ts (pbjs ${PBJS_ARGS.join(" ")}). Do not edit.`,
          "// @ts-nocheck -- pbjs emits JavaScript; protocol/codec.ts gives it its types.",
          output,
        ].join("\n"),
      );
    });
  });
}

export async function main(): Promise<void> {
  const dir = protoDir();
  const out = path.join(dir, "protocol", GENERATED_FILE);
  fs.writeFileSync(out, await generateStaticSource(dir));
  process.stderr.write(`wrote ${out}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`generate-static failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
