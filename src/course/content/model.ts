/**
 * The content model: what a lesson is once its Markdown source has been read.
 *
 *   content/NN-slug.md --parseLesson--> Lesson { cells[] } --writers--> .ipynb (now), HTML (later)
 *
 * Why a model of its own: the notebook writer and the future site builder both read this and
 * nothing else, so neither depends on the other's format. Every cell keeps the line it came from,
 * so any later step can still point an author at `file:line`.
 */

/** The slide types Jupyter's slideshow (nbconvert --to slides, RISE) understands. */
export const SLIDE_TYPES = ["slide", "subslide", "fragment", "skip", "notes", "-"] as const;
/** One of {@link SLIDE_TYPES}. */
export type SlideType = (typeof SLIDE_TYPES)[number];

/** What the two builds of a lesson are for: learners get stubs, instructors get solutions. */
export type Flavour = "student" | "instructor";

/** An exercise's role: the cell the learner edits, or the cell that checks it at once. */
export interface ExerciseRef {
  /** The exercise id, unique in the lesson (and the key in `content/NN-slug.exercises.ts`). */
  readonly id: string;
  /** Points the exercise is worth (set on the solution cell, copied onto its check cell). */
  readonly points: number;
  /** "solution": the learner's cell; "check": the instant-feedback cell that follows it. */
  readonly kind: "solution" | "check";
}

/** A part of an exercise cell's source: plain lines, or a solution with its optional stub. */
export type SourcePart =
  | { readonly kind: "text"; readonly lines: readonly string[] }
  | {
      readonly kind: "solution";
      /** The lines between `// BEGIN SOLUTION` and `// END SOLUTION`, markers included. */
      readonly lines: readonly string[];
      /** The lines between `// BEGIN STUB` and `// END STUB` (markers excluded), if any. */
      readonly stub: readonly string[] | null;
      /** The text after `// BEGIN SOLUTION:`, shown in the default stub's error. */
      readonly hint: string;
      /** The indentation of the `// BEGIN SOLUTION` line, reused for the default stub. */
      readonly indent: string;
    };

/** One cell of a lesson, independent of any output format. */
export interface Cell {
  readonly kind: "markdown" | "code";
  /**
   * The cell's text exactly as written in the lesson (for code: the fence's body). Exercise
   * cells keep their solution and stub markers here; {@link flavourSource} resolves them.
   */
  readonly source: string;
  /** 1-based line in the lesson file where the cell starts (the fence line for code). */
  readonly line: number;
  /**
   * The cell id: the author's `id=...`; else the exercise id (`<id>` for the learner's cell,
   * `<id>-check` for its check); else derived from a hash of the lesson name and the cell's
   * source, so the same source always gives the same id and an edit changes only that cell's.
   */
  readonly id: string;
  readonly tags: readonly string[];
  /** The slide type; null when the author gave none (writers choose a default). */
  readonly slide: SlideType | null;
  /** Collapse the source in JupyterLab (the output stays visible). */
  readonly hidden: boolean;
  /** Only in the instructor build. */
  readonly instructorOnly: boolean;
  readonly exercise: ExerciseRef | null;
  /** For exercise solution cells: the source split into text and solution parts. */
  readonly parts: readonly SourcePart[] | null;
}

/** A parsed lesson: `content/NN-slug.md`. */
export interface Lesson {
  /** The path it was read from, as given (used in error messages and notebook metadata). */
  readonly file: string;
  /** "NN-slug", the file name without `.md`; also the notebook's name. */
  readonly name: string;
  /** "NN", the lesson number as written. */
  readonly number: string;
  /** The text of the first `# ` heading. */
  readonly title: string;
  readonly cells: readonly Cell[];
}
