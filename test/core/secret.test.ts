import { describeTarget, printable } from "../../lib/core";

describe("printable: targets from input stay one readable line", () => {
  it.each([
    ["newline and NUL", "A\nB\u0000", "A\\x0aB\\x00"],
    ["ESC (terminal sequences)", "X\u001b[2J", "X\\x1b[2J"],
    ["DEL and a C1 control", "a\u007fb\u009b", "a\\x7fb\\x9b"],
    ["line separator and bidi override", "p\u2028q\u202er", "p\\u{2028}q\\u{202e}r"],
    ["a backslash cannot forge an escape", "a\\x0ab", "a\\\\x0ab"],
    ["plain text unchanged", "~/.ssh/id_ed25519 ключ", "~/.ssh/id_ed25519 ключ"],
  ])("%s", (_n, input, want) => {
    expect(printable(input)).toBe(want);
  });

  it("describeTarget escapes the env name as well as the path", () => {
    expect(describeTarget({ envName: "EVIL\n#0 env FAKE", filePath: "/a\rb" })).toBe("env EVIL\\x0a#0 env FAKE, file /a\\x0db");
  });
});
