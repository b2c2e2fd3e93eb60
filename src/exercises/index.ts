/**
 * Exercises: checks defined once, run in a notebook's check cell, in vitest and by `npm run check`.
 * This wing is part of the library learners import; it loads no authoring tool.
 */
export type { Check, WrongAnswer, Exercise, CaseResult, ExerciseStatus, ExerciseResult } from "./types.js";
export { defineExercise } from "./types.js";
export { matchesClose, formatValue, formatNumber, type CloseOptions } from "./compare.js";
export { runExercise, collectOutcomes, judge, checksToRun, missingNames, firstLine, type RunOptions, type Outcome } from "./run.js";
export { toMarkdown, toText, headline } from "./feedback.js";
export { check, defineLesson, show, type Lesson, type SolutionOf } from "./notebook.js";
export { cases, casesFor, type CaseFamily } from "./cases.js";
export { claim, claimClose, claimBetween } from "./claims.js";
export { sealed, type Sealed } from "./sealed.js";
