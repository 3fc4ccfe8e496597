/**
 * The state file's pure rules (lib/inject/state.ts): location, key, format, candidates, the next state. The file
 * behaviour of both injectors is held by test/inject/stale-table.test.ts.
 */
import { CAPS } from "../../lib/core";
import { formatState, nextState, parseState, staleCandidates, STATE_HEADER, stateKeyProblem, stateLocation, StateEntry } from "../../lib/inject";

const h = (c: string) => c.repeat(64);
const e = (path: string, c = "a"): StateEntry => ({ path, sha256: h(c) });

describe("stateLocation", () => {
  test("XDG_STATE_HOME when absolute (cleaned), else the home's ~/.local/state, else none", () => {
    expect(stateLocation({ xdgStateHome: "/x//y/", homeDir: "/home/u", key: "K" })).toEqual({ dir: "/x/y/cdktf-coder-secrets", file: "/x/y/cdktf-coder-secrets/K.state" });
    expect(stateLocation({ xdgStateHome: "rel", homeDir: "/home/u", key: "K" })?.dir).toBe("/home/u/.local/state/cdktf-coder-secrets");
    expect(stateLocation({ xdgStateHome: "", homeDir: "/home/u/", key: "K" })?.file).toBe("/home/u/.local/state/cdktf-coder-secrets/K.state");
    expect(stateLocation({ xdgStateHome: "rel", homeDir: "relative", key: "K" })).toBeUndefined();
    expect(stateLocation({ xdgStateHome: undefined, homeDir: undefined, key: "K" })).toBeUndefined();
  });
});

test("stateKeyProblem: an environment variable name of at most 128 characters", () => {
  for (const ok of ["A", "_", "CODER_SECRETS_MANIFEST", `a${"9".repeat(127)}`]) expect(stateKeyProblem(ok)).toBeUndefined();
  for (const bad of ["", "9A", "a-b", "a.b", "../x", "a/b", `a${"9".repeat(128)}`, "é"]) expect(stateKeyProblem(bad)).toMatch(/is not a state key: it must match/);
  expect(stateKeyProblem("a\nb")).toContain('"a\\x0ab"');
});

describe("formatState / parseState", () => {
  test("round trip, paths as hex of their UTF-8 bytes (newlines, spaces and non-ASCII survive)", () => {
    const entries = [e("/home/u/a b", "1"), e("/home/u/new\nline é", "2"), e("/", "3")];
    const bytes = formatState(entries);
    expect(bytes.toString("latin1")).toBe(
      `${STATE_HEADER}\n${h("1")} ${Buffer.from("/home/u/a b").toString("hex")}\n${h("2")} ${Buffer.from("/home/u/new\nline é").toString("hex")}\n${h("3")} 2f\n`,
    );
    expect(parseState(bytes)).toEqual({ ok: true, entries });
    expect(formatState([]).toString()).toBe(`${STATE_HEADER}\n`);
    expect(parseState(formatState([]))).toEqual({ ok: true, entries: [] });
  });

  test("the first bad line is named", () => {
    const good = formatState([e("/a"), e("/b")]).toString("latin1");
    expect(parseState(Buffer.from(`${good}${h("a")} ${Buffer.from("/a").toString("hex")}\n`))).toEqual({ ok: false, line: 4 });
    expect(parseState(Buffer.from(good.slice(0, -1)))).toEqual({ ok: false, line: 3 });
    expect(parseState(Buffer.from(""))).toEqual({ ok: false, line: 1 });
    expect(parseState(Buffer.from(`${STATE_HEADER}\n${h("a")} 2f2f61\n`))).toEqual({ ok: false, line: 2 }); // "//a" is not clean
    expect(parseState(Buffer.from(`${STATE_HEADER}\n${h("a")} 2fff\n`))).toEqual({ ok: false, line: 2 }); // not UTF-8
  });
});

describe("staleCandidates / nextState", () => {
  const old = [e("/h/a", "1"), e("/h/b", "2"), e("/h/c", "3"), e("/h/d", "4")];
  test("a named path is never a candidate; home unknown with ~/ entries: none", () => {
    const named = new Set(["/h/b"]);
    expect(staleCandidates({ old, named, homeUnknownWithTilde: false })).toEqual([old[0], old[2], old[3]]);
    expect(staleCandidates({ old, named, homeUnknownWithTilde: true })).toEqual([]);
  });

  test("written first, then named-but-not-written old entries, then failed removals; carried entries when nothing is a candidate", () => {
    const written = [e("/h/new", "9")];
    const named = new Set(["/h/new", "/h/c"]);
    expect(nextState({ old, written, named, homeUnknownWithTilde: false, failedRemovals: [old[0]] })).toEqual([written[0], old[2], old[0]]);
    expect(nextState({ old, written, named, homeUnknownWithTilde: true, failedRemovals: [] })).toEqual([written[0], ...old]);
  });

  test("entries after the written ones stop at the cap, so a writer never makes a file a reader calls corrupted", () => {
    const long = (i: number) => e(`/${String(i).padStart(6, "0")}${"x".repeat(8000)}`, "5");
    const many = Array.from({ length: 900 }, (_, i) => long(i));
    const next = nextState({ old: [], written: [], named: new Set(), homeUnknownWithTilde: false, failedRemovals: many });
    expect(formatState(next).length).toBeLessThanOrEqual(CAPS.maxStateBytes);
    expect(formatState([...next, many[next.length]]).length).toBeGreaterThan(CAPS.maxStateBytes);
    expect(next).toEqual(many.slice(0, next.length));
  });
});
