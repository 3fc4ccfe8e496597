import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeManifestBase64, fingerprint, secret, toSdkJson } from "../../lib/core";
import { runCli } from "./helpers";

const CANARY = "CANARY-decode-7f3a9c";

describe("cdktf-coder-secrets decode", () => {
  const secrets = [
    secret({ envName: "GITHUB_TOKEN" }, `${CANARY}-gh`),
    secret({ filePath: "~/.ssh/id_ed25519" }, `${CANARY}-key`),
    secret({ envName: "BOTH", filePath: "/etc/both" }, new Uint8Array([0, 1, 2, 255])),
  ];

  it("prints targets, sizes and fingerprints from stdin, never values", async () => {
    const r = await runCli(["decode"], encodeManifestBase64(secrets));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`#0  env GITHUB_TOKEN  ${CANARY.length + 3} bytes  ${fingerprint(`${CANARY}-gh`)}`);
    expect(r.stdout).toContain("#1  file ~/.ssh/id_ed25519");
    expect(r.stdout).toContain("#2  env BOTH, file /etc/both  4 bytes");
    expect(r.stdout).toMatch(/^3 secrets, \d+ bytes$/m);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it("reads --file, the JSON form, and prints --json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "decode-"));
    const file = join(dir, "m.json");
    writeFileSync(file, toSdkJson(secrets));
    const r = await runCli(["decode", "--file", file, "--json"]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { envName: string; bytes: number; fingerprint: string }[];
    expect(parsed.map((e) => e.envName)).toEqual(["GITHUB_TOKEN", "", "BOTH"]);
    expect(parsed[2].bytes).toBe(4);
    expect(r.stdout).not.toContain(CANARY);
  });

  it("bad input exits 2 with a clear message and no value", async () => {
    const valid = encodeManifestBase64(secrets);
    for (const input of ["not base64!", Buffer.from(Buffer.from(valid, "base64").subarray(0, 20)).toString("base64"), "[{]"]) {
      const r = await runCli(["decode"], input);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cdktf-coder-secrets decode: (manifest|secrets JSON)/);
      expect(r.stdout + r.stderr).not.toContain(CANARY);
    }
  });

  it("a missing file exits 2 naming the file", async () => {
    const r = await runCli(["decode", "--file", "/nonexistent/m"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read /nonexistent/m: ENOENT");
  });

  it("unknown flags are usage errors", async () => {
    const r = await runCli(["decode", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdktf-coder-secrets decode: unknown option --bogus\nRun "cdktf-coder-secrets decode --help" for usage.\n');
  });
});

describe("cdktf-coder-secrets --help", () => {
  it("lists every subcommand", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const name of ["decode", "inject", "provider", "install-provider"]) expect(r.stdout).toContain(`  ${name}`);
  });
  it("an unknown command exits 2", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

describe("decode: strict input and untrusted targets (issue 17)", () => {
  it("the issue's 2^60-length manifest exits 2 naming the byte offset and the rule", async () => {
    const r = await runCli(["decode"], Buffer.from("9a01808080808080808010" + "0a", "hex").toString("base64"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdktf-coder-secrets decode: manifest: byte 2: field 19 claims more than 2\^31-1 bytes \(protobuf rule: length\)/);
    expect(r.stdout).toBe("");
  });

  it("an entry with neither target is listed as skipped by the agent, not counted as a secret", async () => {
    const r = await runCli(["decode"], encodeManifestBase64([secret({}, `${CANARY}-x`), secret({ envName: "A" }, "abc")]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("#0  (no target: the agent skips this entry)");
    expect(r.stdout).toMatch(/^1 secret, 3 bytes; 1 entry without a target \(skipped by the agent\)$/m);
    expect(r.stdout).not.toContain(CANARY);
  });

  it("control characters in an env name are printed escaped", async () => {
    const r = await runCli(["decode"], encodeManifestBase64([secret({ envName: "A\n#9  env FORGED\u001b[2K" }, "v")]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("#0  env A\\x0a#9  env FORGED\\x1b[2K  1 bytes");
    expect(r.stdout.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(1);
  });
});
