/**
 * `npm run site`: build the lecture pages and slide decks into site/ (git-ignored) from content/
 * and the executed student notebooks. A formula KaTeX rejects or a chart spec that does not
 * compile fails the build, naming the lesson file, line and cell, and writes nothing.
 */
import { ContentError, ContentErrors } from "../content/errors.js";
import { messages } from "../../messages.js";
import { buildSite, SiteErrors, SITE_DIR } from "../site/build.js";
import { ROOT } from "./common.js";

try {
  const pages = buildSite(ROOT, undefined, (line) => console.log(line));
  console.log(messages.siteBuilt(pages.length, SITE_DIR));
} catch (e) {
  if (!(e instanceof SiteErrors || e instanceof ContentError || e instanceof ContentErrors)) throw e;
  console.error((e as Error).message);
  console.error(messages.siteFailed());
  process.exitCode = 1;
}
