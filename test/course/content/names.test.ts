/** The names a cell shares with later cells, as tslab sees them. */
import { describe, expect, it } from "vitest";
import { topLevelNames } from "../../../src/course/content/names.js";

describe("topLevelNames", () => {
  it("finds functions, classes, variables (destructured too) and imports", () => {
    const names = topLevelNames('import { a, b as c } from "x";\nimport * as ns from "y";\nconst { d, e: [f] } = o;\nlet g = 1;\nfunction h() { const inner = 1; }\nclass K {}');
    expect([...names].sort()).toEqual(["K", "a", "c", "d", "f", "g", "h", "ns"]);
  });
});
