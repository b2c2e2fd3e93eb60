import { describe, expect, it } from "vitest";
import { parseRunArgs } from "../../../src/course/run/args.js";

describe("parseRunArgs", () => {
  it("defaults to the student build, 20 s, all lessons, no writing", () => {
    expect(parseRunArgs([], {})).toEqual({ write: false, flavours: ["student"], budget: 20, only: [] });
  });
  it("reads --write, --all, --instructor, --budget and lesson names", () => {
    expect(parseRunArgs(["--write", "--all", "--budget", "30", "00", "01-x"], {}))
      .toEqual({ write: true, flavours: ["student", "instructor"], budget: 30, only: ["00", "01-x"] });
    expect(parseRunArgs(["--instructor"], { NOTEBOOK_BUDGET_SECONDS: "12" })).toMatchObject({ flavours: ["instructor"], budget: 12 });
  });
  it("refuses unknown options and bad budgets", () => {
    expect(() => parseRunArgs(["--wrte"], {})).toThrow(/unknown option --wrte; use --write/);
    expect(() => parseRunArgs(["--budget", "soon"], {})).toThrow(/positive number of seconds/);
  });
});
