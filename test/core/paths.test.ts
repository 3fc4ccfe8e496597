import { cleanPath, expandLikeAgent, hasExpansionHazard, resolveSecretPath } from "../../lib/core";

describe("cleanPath matches Go's filepath.Clean", () => {
  // Cases from Go's path/filepath clean tests (Unix).
  const table: [string, string][] = [
    ["abc", "abc"], ["abc/def", "abc/def"], ["a/b/c", "a/b/c"], [".", "."], ["..", ".."], ["../..", "../.."],
    ["../../abc", "../../abc"], ["/abc", "/abc"], ["/", "/"], ["", "."], ["abc/", "abc"], ["abc/def/", "abc/def"],
    ["/abc/", "/abc"], ["./", "."], ["../", ".."], ["//abc", "/abc"], ["///abc", "/abc"], ["//abc//", "/abc"],
    ["abc//def//ghi", "abc/def/ghi"], ["abc/./def", "abc/def"], ["/./abc/def", "/abc/def"], ["abc/.", "abc"],
    ["abc/def/ghi/../jkl", "abc/def/jkl"], ["abc/def/../ghi/../jkl", "abc/jkl"], ["abc/def/..", "abc"],
    ["abc/def/../..", "."], ["/abc/def/../..", "/"], ["abc/def/../../..", ".."], ["/abc/def/../../..", "/"],
    ["abc/def/../../../ghi/jkl/../../../mno", "../../mno"], ["/../abc", "/abc"], ["a/../b/../c", "c"],
    ["abc/./../def", "def"], ["abc//./../def", "def"], ["abc/../../././../def", "../../def"],
  ];
  it.each(table)("%j -> %j", (input, want) => expect(cleanPath(input)).toBe(want));
});

describe("resolveSecretPath (agent's ~/ expansion)", () => {
  it("expands only a literal ~/ prefix and cleans", () => {
    expect(resolveSecretPath("~/.ssh/id", "/home/coder")).toBe("/home/coder/.ssh/id");
    expect(resolveSecretPath("~/a/../b", "/home/coder/")).toBe("/home/coder/b");
    expect(resolveSecretPath("/etc//x/", "/home/coder")).toBe("/etc/x");
    expect(resolveSecretPath("/x/~/y", "/home/coder")).toBe("/x/~/y");
    expect(resolveSecretPath("~/../../etc/passwd", "/home/coder")).toBe("/etc/passwd");
  });
  it("returns undefined for ~/ when home is unknown", () => {
    expect(resolveSecretPath("~/x", undefined)).toBeUndefined();
    expect(resolveSecretPath("~/x", "")).toBeUndefined();
    expect(resolveSecretPath("/x", undefined)).toBe("/x");
  });
});

describe("expandLikeAgent models Go's os.Expand", () => {
  const env: Record<string, string> = { HOME: "/home/coder", A: "1" };
  const lookup = (n: string) => env[n];
  const table: [string, string][] = [
    ["plain", "plain"], ["$HOME/x", "/home/coder/x"], ["${HOME}x", "/home/coderx"], ["$A$A", "11"],
    ["pa$$word", "paword"], ["$", "$"], ["a$", "a$"], ["$ x", "$ x"], ["$-x", "x"], ["${}", ""], ["a${b", "ab"],
    ["$1x", "x"], ["${@}", ""], ["$UNSET.", "."], ["50% $%", "50% $%"], ["é$Aé", "é1é"],
  ];
  it.each(table)("%j -> %j", (input, want) => expect(expandLikeAgent(input, lookup)).toBe(want));

  it("flags exactly the values expansion would change for some environment", () => {
    for (const [input] of table) {
      const changed = expandLikeAgent(input, () => "\u0001") !== input;
      expect([input, hasExpansionHazard(input)]).toEqual([input, changed]);
    }
  });
});
