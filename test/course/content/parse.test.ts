import { describe, expect, it } from "vitest";
import { ContentError } from "../../../src/course/content/errors.js";
import { parseLessonText } from "../../../src/course/content/parse.js";

const FILE = "content/07-demo.md";
const parse = (text: string) => parseLessonText(text, FILE);

/** The error a source raises: its `file:line` prefix and message. */
function errorOf(text: string, file = FILE): ContentError {
  try {
    parseLessonText(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return e as ContentError;
  }
  throw new Error("expected the parse to fail");
}

const FENCE = "```";

describe("parseLessonText: cells", () => {
  const text = [
    "# Demo $x^2$",             // 1
    "",                          // 2
    "Intro with $$\\sum_i x_i$$.", // 3
    "",                          // 4
    "+++ slide=subslide tags=a,b", // 5
    "Second cell",               // 6
    "+++",                       // 7
    "Third, right after",        // 8
    "",                          // 9
    `${FENCE}ts id=setup hidden`, // 10
    "const a = 1;",              // 11
    "",                          // 12
    "const b = 2;",              // 13
    FENCE,                       // 14
    `${FENCE}text`,              // 15
    "shown, not run",            // 16
    FENCE,                       // 17
    "",                          // 18
    `${FENCE}ts instructor slide=notes`, // 19
    "only for instructors",      // 20
    FENCE,                       // 21
  ].join("\n");
  const lesson = parse(text);

  it("reads the title, name and number", () => {
    expect(lesson.title).toBe("Demo $x^2$");
    expect(lesson.name).toBe("07-demo");
    expect(lesson.number).toBe("07");
  });

  it("slices markdown cells from the source unchanged and splits at +++ and code fences", () => {
    expect(lesson.cells.map((c) => [c.kind, c.line])).toEqual([
      ["markdown", 1], ["markdown", 6], ["markdown", 8], ["code", 10], ["markdown", 15], ["code", 19],
    ]);
    expect(lesson.cells[0]!.source).toBe("# Demo $x^2$\n\nIntro with $$\\sum_i x_i$$.");
    expect(lesson.cells[4]!.source).toBe(`${FENCE}text\nshown, not run\n${FENCE}`);
  });

  it("keeps a code cell's body exactly, blank lines included", () => {
    expect(lesson.cells[3]!.source).toBe("const a = 1;\n\nconst b = 2;");
  });

  it("applies attributes of +++ breaks and fences", () => {
    expect(lesson.cells[1]).toMatchObject({ slide: "subslide", tags: ["a", "b"] });
    expect(lesson.cells[3]).toMatchObject({ id: "setup", hidden: true, instructorOnly: false });
    expect(lesson.cells[5]).toMatchObject({ slide: "notes", instructorOnly: true });
  });

  it("gives the same ids for the same source, and changes only an edited cell's id", () => {
    const again = parse(text);
    expect(again.cells.map((c) => c.id)).toEqual(lesson.cells.map((c) => c.id));
    const edited = parse(text.replace("Second cell", "Second cell, edited"));
    const changed = edited.cells.filter((c, i) => c.id !== lesson.cells[i]!.id).map((c) => c.line);
    expect(changed).toEqual([6]);
    for (const c of lesson.cells) expect(c.id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it("gives identical cells distinct ids", () => {
    const twin = parse(`# T\n\n${FENCE}ts\nx\n${FENCE}\n\n${FENCE}ts\nx\n${FENCE}\n`);
    const ids = twin.cells.filter((c) => c.kind === "code").map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
  });

  it("accepts CRLF line endings", () => {
    expect(parse("# T\r\n\r\n```ts\r\nlet a = 1;\r\n```\r\n").cells[1]!.source).toBe("let a = 1;");
  });
});

describe("parseLessonText: exercises", () => {
  const text = [
    "# Ex",                                     // 1
    `${FENCE}ts exercise=sig points=2`,         // 2
    "function f(x: number): number {",          // 3
    "  // BEGIN SOLUTION: return 2x",           // 4
    "  return 2 * x;",                          // 5
    "  // END SOLUTION",                        // 6
    "}",                                        // 7
    FENCE,                                      // 8
    "Some words.",                              // 9
    `${FENCE}ts check=sig`,                     // 10
    "check('sig');",                            // 11
    FENCE,                                      // 12
  ].join("\n");

  it("marks the exercise and its check, ids from the exercise id, points copied to the check", () => {
    const cells = parse(text).cells.filter((c) => c.kind === "code");
    expect(cells[0]).toMatchObject({ id: "sig", exercise: { id: "sig", points: 2, kind: "solution" } });
    expect(cells[1]).toMatchObject({ id: "sig-check", exercise: { id: "sig", points: 2, kind: "check" } });
  });

  it("fails on a duplicated exercise id, naming both lines", () => {
    const e = errorOf(`${text}\n${FENCE}ts exercise=sig points=1\n// BEGIN SOLUTION\n// END SOLUTION\n${FENCE}\n`);
    expect(e.message).toMatch(/^content\/07-demo\.md:13: exercise id 'sig' is already used on line 2/);
  });

  it("fails on a check before (or without) its exercise", () => {
    expect(errorOf(`# T\n${FENCE}ts check=nope\nx\n${FENCE}\n`).message)
      .toMatch(/^content\/07-demo\.md:2: check=nope has no exercise 'nope' before it; put the check cell after/);
  });

  it("fails on a second check cell for one exercise", () => {
    expect(errorOf(`${text}\n${FENCE}ts check=sig\ny\n${FENCE}\n`).line).toBe(13);
  });

  it("fails on an exercise without solution markers, or with unmatched ones", () => {
    expect(errorOf(`# T\n${FENCE}ts exercise=a points=1\nlet x = 1;\n${FENCE}\n`).message).toMatch(/:2: exercise 'a' has no '\/\/ BEGIN SOLUTION'/);
    expect(errorOf(`# T\n${FENCE}ts exercise=a points=1\n// BEGIN SOLUTION\nlet x = 1;\n${FENCE}\n`).line).toBe(3);
    expect(errorOf(`# T\n${FENCE}ts exercise=a points=1\nlet x = 1;\n// END SOLUTION\n${FENCE}\n`).line).toBe(4);
    expect(errorOf(`# T\n${FENCE}ts exercise=a points=1\n// BEGIN STUB\n// END STUB\n${FENCE}\n`).message).toMatch(/:3: '\/\/ BEGIN STUB' must come right after/);
  });

  it("fails on solution markers outside an exercise", () => {
    expect(errorOf(`# T\n\n${FENCE}ts\n// BEGIN SOLUTION\n// END SOLUTION\n${FENCE}\n`).message)
      .toMatch(/:4: '\/\/ BEGIN SOLUTION' in a cell that is not an exercise; add exercise=<id> points=<n>/);
  });
});

describe("parseLessonText: errors point at file:line and say what to change", () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ["unclosed fence", `# T\n\ntext\n\n${FENCE}ts\nlet a = 1;\n`, 5, /is never closed; add a line ```/],
    ["unclosed fence in another language", `# T\n${FENCE}text\nabc\n`, 2, /never closed/],
    ["unknown attribute", `# T\n${FENCE}ts exersise=a\nx\n${FENCE}\n`, 2, /unknown attribute 'exersise'; a code fence takes: id=, exercise=/],
    ["invalid slide type", `# T\n${FENCE}ts slide=big\nx\n${FENCE}\n`, 2, /slide type 'big' is not one Jupyter knows; use one of: slide, subslide/],
    ["invalid slide on +++", `# T\n\n+++ slide=huge\ntext\n`, 3, /slide type 'huge'/],
    ["code attribute on +++", `# T\n\n+++ hidden\ntext\n`, 3, /attribute 'hidden' is not allowed on a '\+\+\+'/],
    ["+++ attributes with no markdown after", `# T\n\n+++ slide=slide\n${FENCE}ts\nx\n${FENCE}\n`, 3, /no markdown follows/],
    ["points without exercise", `# T\n${FENCE}ts points=2\nx\n${FENCE}\n`, 2, /points= only makes sense on an exercise cell/],
    ["exercise without points", `# T\n${FENCE}ts exercise=a\nx\n${FENCE}\n`, 2, /exercise 'a' has no points/],
    ["bad points", `# T\n${FENCE}ts exercise=a points=-1\nx\n${FENCE}\n`, 2, /points=-1 is not a positive number/],
    ["exercise and check at once", `# T\n${FENCE}ts exercise=a points=1 check=a\nx\n${FENCE}\n`, 2, /cannot be both/],
    ["flag with a value", `# T\n${FENCE}ts hidden=yes\nx\n${FENCE}\n`, 2, /'hidden' is a flag and takes no value/],
    ["attribute given twice", `# T\n${FENCE}ts slide=- slide=slide\nx\n${FENCE}\n`, 2, /given twice/],
    ["bad cell id", `# T\n${FENCE}ts id=a.b\nx\n${FENCE}\n`, 2, /'a\.b' is not a valid id/],
    ["duplicate tag", `# T\n${FENCE}ts tags=a,a\nx\n${FENCE}\n`, 2, /tag 'a' is not valid/],
    ["duplicated cell id", `# T\n${FENCE}ts id=a\nx\n${FENCE}\n${FENCE}ts id=a\ny\n${FENCE}\n`, 5, /cell id 'a' is already used on line 2/],
    ["cell id taken by an exercise", `# T\n${FENCE}ts id=ex\nx\n${FENCE}\n${FENCE}ts exercise=ex points=1\n// BEGIN SOLUTION\n// END SOLUTION\n${FENCE}\n`, 5, /cell id 'ex' is already used on line 2/],
    ["ts fence in a list", `# T\n\n- item\n\n  ${FENCE}ts\n  x\n  ${FENCE}\n`, 5, /inside a list or a quote cannot become a code cell/],
    ["no title", `Just text\n`, 1, /no '# ' title heading/],
  ];
  it.each(cases)("%s", (_name, text, line, message) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.message.startsWith(`${FILE}:${line}: `)).toBe(true);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/; /); // what is wrong; what to change
  });

  it("refuses a file name that is not NN-slug.md", () => {
    expect(errorOf("# T\n", "content/Lesson One.md").message).toMatch(/^content\/Lesson One\.md:1: 'Lesson One\.md' is not a lesson file name; name lessons NN-slug\.md/);
  });
});

describe("parseLessonText: code the tslab kernel would run wrongly", () => {
  const cells = (...sources: string[]) => `# T\n\n${sources.map((s) => `${FENCE}ts\n${s}\n${FENCE}\n`).join("\n")}`;

  it("refuses a shorthand property naming an earlier cell's declaration, with the fix", () => {
    const e = errorOf(cells("function f(x: number) { return x; }", "const a = 1;\ncheck({ f });"));
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/'\{ f \}' uses 'f' from an earlier cell.*write '\{ f: f \}'/);
    expect(errorOf(cells("import { lesson } from './x.js';", "show({ lesson });")).line).toBe(8);
    expect(errorOf(cells("const [a, { b }] = g();", "h({ b });")).message).toMatch(/'\{ b \}'/);
  });

  it("refuses a cell other than the check cell that uses a name the exercise cell declares", () => {
    const ex = (body: string) => `${FENCE}ts exercise=sq points=1\n${body}\n${FENCE}\n\n${FENCE}ts check=sq\nawait lesson.check("sq", { square: square });\n${FENCE}\n`;
    const lesson = (after: string) => `# T\n\n${ex("const helper = 2;\nfunction square(x: number): number {\n  // BEGIN SOLUTION: multiply\n  return x * x;\n  // END SOLUTION\n}")}\n${FENCE}ts\n${after}\n${FENCE}\n`;
    const e = errorOf(lesson("const nine = square(3);"));
    expect(e.message).toMatch(/'square' is declared in the cell of exercise 'sq'.*use the library's implementation/);
    expect(e.line).toBe(17);
    expect(errorOf(lesson("console.log(helper);")).message).toMatch(/'helper'/);
    // Property names, own declarations and a later redeclaration are not uses of the exercise's names.
    expect(() => parse(lesson("const o = { square: 1 }; console.log(o.square);"))).not.toThrow();
    expect(() => parse(lesson("const f = (square: number) => square * 2;"))).not.toThrow();
  });

  it("accepts the long form, names from the same cell, shadowed names and destructuring", () => {
    expect(() => parse(cells("function f() {}", "check({ f: f });"))).not.toThrow();
    expect(() => parse(cells("const g = 1;\ncheck({ g });"))).not.toThrow();
    expect(() => parse(cells("const f = 1;", "const run = (f: number) => ({ f });"))).not.toThrow();
    expect(() => parse(cells("const o = { a: 1 };", "const { a } = o;"))).not.toThrow();
  });
});
