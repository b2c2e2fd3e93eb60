/**
 * Content model -> Jupyter notebooks (nbformat 4.5), and the course build that writes them.
 *
 * @example
 *   const nb = buildNotebook(parseLesson("content/01-backprop-jacobians.md"), "student");
 *   writeFileSync("out.ipynb", serializeNotebook(nb));
 */
export { buildNotebook, KERNELSPEC, LANGUAGE_INFO, RAISES_TAG, CHART_TAG } from "./ipynb.js";
export { serializeNotebook, sourceText, splitLines, type Notebook, type NotebookCell, type Output } from "./nbformat.js";
export { buildCourse, planCourse, lessonFiles, mergeOutputs, readNotebook, writeAtomically, NOTEBOOK_DIRS, type PlannedNotebook } from "./build.js";
