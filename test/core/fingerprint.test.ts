import { fingerprint } from "../../lib/core/fingerprint";

describe("fingerprint", () => {
  test("sha256: + 12 hex digits, FIPS 180-2's vectors; a string hashes as its UTF-8 bytes", () => {
    expect(fingerprint("abc")).toBe("sha256:ba7816bf8f01");
    expect(fingerprint(Buffer.from("abc"))).toBe("sha256:ba7816bf8f01");
    expect(fingerprint("")).toBe("sha256:e3b0c44298fc");
    expect(fingerprint("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("sha256:248d6a61d206");
    expect(fingerprint("é")).toBe(fingerprint(new Uint8Array([0xc3, 0xa9])));
    expect(fingerprint("é")).not.toBe(fingerprint(new Uint8Array([0xe9])));
  });
});
