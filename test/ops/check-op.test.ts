import { describe, expect, it } from "vitest";
import { unaryOp } from "../../src/ops/index.js";
import { checkOp } from "./check-op.js";

// The helper is the oracle of every op test, so it must be able to fail.
describe("checkOp", () => {
  it("fails an op whose backward is wrong", () => {
    const badSquare = unaryOp("badSquare", (x) => x * x, (x) => x); // derivative should be 2x
    expect(() => checkOp([[3, 2]], badSquare)).toThrow(/gradient check FAILED: a\[/);
  });

  it("fails an op whose forward disagrees with the reference", () => {
    const square = unaryOp("square", (x) => x * x, (x) => 2 * x);
    expect(() => checkOp([[4]], square, { reference: (a) => Array.from(a, (x) => x * x + 1e-9) })).toThrow();
  });

  it("passes a correct op", () => {
    const square = unaryOp("square", (x) => x * x, (x) => 2 * x);
    expect(checkOp([[2, 3, 2]], square, { reference: (a) => Array.from(a, (x) => x * x) }).ok).toBe(true);
  });
});
