import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sealed, sha256Hex } from "../../src/exercises/sealed.js";

describe("sha256Hex", () => {
  it("agrees with Node's SHA-256 on every padding boundary and on multi-byte text", () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = "a".repeat(n);
      expect(sha256Hex(s), `length ${n}`).toBe(createHash("sha256").update(s).digest("hex"));
    }
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => sha256Hex(s) === createHash("sha256").update(s).digest("hex")));
  });
  it("gives the published digest of 'abc' (FIPS 180-4, appendix B.1)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("sealed", () => {
  const cause = sealed("vanishing");
  it("opens for the answer only, compared as JSON", () => {
    expect(cause.opens("vanishing")).toBe(true);
    for (const other of ["Vanishing", "vanishing ", "exploding", "", null, undefined, ["vanishing"], { vanishing: true }]) expect(cause.opens(other), JSON.stringify(other)).toBe(false);
    expect(sealed(3).opens("3")).toBe(false);
    expect(sealed(3).opens(3)).toBe(true);
  });
  it("holds a digest, not the answer, and rebuilds from it", () => {
    expect(JSON.stringify(cause)).not.toContain("vanishing");
    expect(cause.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed.fromDigest(cause.digest).opens("vanishing")).toBe(true);
  });
  it("rejects what cannot be an answer or a digest, with a sentence", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(cause.opens(cyclic)).toBe(false);
    expect(() => sealed(undefined)).toThrow(/plain data/);
    expect(() => sealed.fromDigest("vanishing")).toThrow(/not a SHA-256 digest/);
  });
});
