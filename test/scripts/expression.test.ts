import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { Agent, CoderTemplate } from "../../lib";
import { evaluateTerraformString, ExpressionError, jsonencodeString, urlencode } from "../../scripts/expression";
import { allManifestBlocks } from "../../scripts/manifest-blocks";
import { randomCanary } from "../provider/client/client";

const REF = "data.coder_external_auth.main_external_auth_github.access_token";

/** The file values the constructs emit for a GitHub external auth, as the synthesized JSON holds them. */
function emitted(): string[] {
  const t = new CoderTemplate(Testing.app(), "tpl");
  new Agent(t, "main").addExternalAuth("github", { gitCredentials: true, ghHosts: true });
  const out = JSON.parse(Testing.synth(t));
  return allManifestBlocks(out.data.codersecrets_manifest.main_file_secrets).map((s) => s.value);
}

const TOKENS = [`gho_${randomCanary()}`, "", " a+b%2F/:@#?&=;,$!'()*[]", 'é€😀"\\<&>\u2028\u2029', "tab\there\nnew\rline\u0001\u0008\u000c\u007f"];

describe("the demo's expression evaluator", () => {
  const resolve = (r: string) => {
    if (r !== "data.x.tok") throw new Error(`unexpected reference ${r}`);
    return "T K";
  };

  test("references, literals with escapes, ==/!=, the conditional, and the four functions", () => {
    expect(evaluateTerraformString("${data.x.tok}", resolve)).toBe("T K");
    expect(evaluateTerraformString('${format("a%%%s\\n\\"\\\\$${x}", data.x.tok)}', resolve)).toBe('a%T K\n"\\${x}');
    expect(evaluateTerraformString('${"%%{y} \\u00e9"}', resolve)).toBe("%{y} é");
    expect(evaluateTerraformString('${(data.x.tok == "") ? "empty" : "set"}', resolve)).toBe("set");
    expect(evaluateTerraformString('${(data.x.tok != "T K") ? "a" : (true ? "b" : "c")}', resolve)).toBe("b");
    expect(evaluateTerraformString('${replace(urlencode(data.x.tok), "+", "%20")}', resolve)).toBe("T%20K");
    expect(evaluateTerraformString("${jsonencode(data.x.tok)}", resolve)).toBe('"T K"');
    expect(evaluateTerraformString("plain $${HOME} %%{x}", resolve)).toBe("plain ${HOME} %{x}");
  });

  test("anything outside the subset is refused, naming the expression and never a value", () => {
    const refused: Array<[string, RegExp]> = [
      ["${lower(data.x.tok)}", /function lower\(\) is not supported/],
      ['${format("%d", data.x.tok)}', /format verb %d is not supported/],
      ['${replace(data.x.tok, "/K/", "k")}', /regular expression is not supported/],
      ['${"a${data.x.tok}"}', /template inside a string literal/],
      ["x-${data.x.tok}", /mixing literal text and interpolations/],
      ["${data.x.tok == }", /expected an expression/],
      ['${(data.x.tok) ? "a" : "b"}', /needs a boolean condition/],
    ];
    for (const [text, message] of refused) {
      let error: unknown;
      try {
        evaluateTerraformString(text, resolve);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("T K");
    }
  });

  test("urlencode and jsonencode follow Go's QueryEscape and encoding/json", () => {
    expect(urlencode("a b+c/~-_.é")).toBe("a+b%2Bc%2F~-_.%C3%A9");
    expect(jsonencodeString('<a&b>"\\\n\u2028')).toBe('"\\u003ca\\u0026b\\u003e\\"\\\\\\n\\u2028"');
  });
});

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

describe("held to real Terraform", () => {
  // `terraform console` in an empty directory (no providers): the reference becomes a variable, every result is
  // returned as one base64 JSON list, as the console prints only the last result of its input.
  (hasTerraform ? test : test.skip)("the emitted file expressions, urlencode and jsonencode evaluate to the same bytes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-console-"));
    try {
      const vars = TOKENS.map((_, i) => `variable "tok${i}" {\n  type = string\n}\n`).join("");
      fs.writeFileSync(path.join(dir, "main.tf"), vars);
      fs.writeFileSync(path.join(dir, "values.auto.tfvars.json"), JSON.stringify(Object.fromEntries(TOKENS.map((t, i) => [`tok${i}`, t]))));
      const cases: Array<{ hcl: string; ours: string }> = [];
      TOKENS.forEach((token, i) => {
        for (const value of emitted()) {
          const inner = /^\$\{([\s\S]+)\}$/.exec(value)![1];
          cases.push({ hcl: inner.split(REF).join(`var.tok${i}`), ours: evaluateTerraformString(value, (r) => (r === REF ? token : "unexpected")) });
        }
        cases.push({ hcl: `urlencode(var.tok${i})`, ours: urlencode(token) });
        cases.push({ hcl: `jsonencode(var.tok${i})`, ours: jsonencodeString(token) });
      });
      const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: path.join(dir, "none.tfrc") };
      fs.writeFileSync(env.TF_CLI_CONFIG_FILE, "");
      const run = spawnSync("terraform", ["console"], { cwd: dir, env, input: `base64encode(jsonencode([${cases.map((c) => c.hcl).join(", ")}]))\n`, encoding: "utf8" });
      expect(run.stderr).toBe("");
      const theirs = JSON.parse(Buffer.from(JSON.parse(run.stdout.trim()), "base64").toString("utf8")) as string[];
      expect(theirs).toEqual(cases.map((c) => c.ours));
      expect(cases.length).toBe(TOKENS.length * 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
