/**
 * The content model and its parser: what every writer (the .ipynb writer now, the HTML site
 * later) reads. Depends on no output format.
 *
 * @example
 *   const lesson = parseLesson("content/00-setup-and-a-first-network.md");
 *   lesson.cells.filter((c) => c.exercise !== null)
 */
export { parseLesson, parseLessonText, CODE_LANGUAGES, LESSON_FILE } from "./parse.js";
export { flavourSource, defaultStub } from "./exercise.js";
export { ContentError, ContentErrors } from "./errors.js";
export { SLIDE_TYPES, type Cell, type ExerciseRef, type Flavour, type Lesson, type SlideType, type SourcePart } from "./model.js";
