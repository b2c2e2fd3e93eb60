/**
 * The lecture site: lessons as web pages and reveal.js slide decks, built from content/ and the
 * executed student notebooks, served offline.
 *
 * @example
 *   buildSite(ROOT);                          // site/index.html, site/NN-slug.html, site/slides/...
 *   const { url } = await serveSite("site");  // http://127.0.0.1:<port>/
 */
export { buildSite, readLessons, renderSite, siteExists, SiteErrors, SITE_DIR, SCREENSHOT_DIR, type SiteLesson } from "./build.js";
export { SiteError, siteCells, summarize, type SiteCell, type LessonSummary } from "./pages.js";
export { serveSite, serveSiteNear, resolvePath, type SiteServer } from "./serve.js";
export { createMarkdown, MathError } from "./markdown.js";
