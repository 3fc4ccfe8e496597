import {
  checkMagicCookie,
  checkNoNodeOptions,
  InjectedNodeOptionsError,
  formatHandshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  negotiateProtocolVersion,
  NotAPluginClientError,
  parseHandshakeLine,
  ProtocolVersionError,
  rawStdBase64,
} from "../../provider/codersecrets/handshake";

describe("go-plugin handshake", () => {
  test("magic cookie must match exactly", () => {
    expect(() => checkMagicCookie({})).toThrow(NotAPluginClientError);
    expect(() => checkMagicCookie({ [MAGIC_COOKIE_KEY]: "nope" })).toThrow(/not meant to be executed directly/);
    expect(() => checkMagicCookie({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })).not.toThrow();
  });

  test.each([["5,6"], ["6,5"], [" 6 , 5 "], ["6"], ["4,6,7"]])("PLUGIN_PROTOCOL_VERSIONS=%s is a set: picks 6", (v) => {
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: v })).toBe(6);
  });

  test("absent list → 6; no common version → error naming what was offered", () => {
    expect(negotiateProtocolVersion({})).toBe(6);
    expect(() => negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: "5" })).toThrow(ProtocolVersionError);
    expect(() => negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: "x,4" })).toThrow(/"x,4"/);
  });

  test("NODE_OPTIONS in a served process is refused with the rule and the fix, never its value", () => {
    const value = "--require /tmp/CANARY-node-options-hook.js";
    let err: unknown;
    try {
      checkNoNodeOptions({ NODE_OPTIONS: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InjectedNodeOptionsError);
    const message = (err as Error).message;
    expect(message).toMatch(/^NODE_OPTIONS is set/);
    expect(message).toMatch(/Rule: .*--require/);
    expect(message).toMatch(/Fix: unset NODE_OPTIONS .* or let Terraform start the provider through the launcher of `cdktf-coder-secrets install-provider`/);
    expect(message).not.toContain("CANARY");
    // Unset or empty: node applies nothing.
    expect(() => checkNoNodeOptions({})).not.toThrow();
    expect(() => checkNoNodeOptions({ NODE_OPTIONS: " " })).not.toThrow();
  });

  test("certificate base64 has no padding, whatever the DER length", () => {
    for (let n = 60; n < 66; n++) {
      const der = Buffer.alloc(n, 0xfb);
      const text = rawStdBase64(der);
      expect(text).not.toContain("=");
      expect(Buffer.from(text, "base64")).toEqual(der);
      const line = formatHandshakeLine({ protocolVersion: 6, network: "unix", address: "/tmp/p/s", certificateDer: der });
      expect(line).toBe(`1|6|unix|/tmp/p/s|grpc|${text}\n`);
      expect(parseHandshakeLine(line).certificateDer).toEqual(der);
    }
  });

  test("plaintext line ends in an empty certificate field", () => {
    expect(formatHandshakeLine({ protocolVersion: 6, network: "unix", address: "/s" })).toBe("1|6|unix|/s|grpc|\n");
  });
});
