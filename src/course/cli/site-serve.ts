/**
 * `npm run site:serve [-- --port N]`: serve the built site on localhost (default port 8000, or the
 * next free one) and print its address. Builds the site first when there is none.
 */
import { join } from "node:path";
import { messages } from "../../messages.js";
import { buildSite, siteExists, SITE_DIR } from "../site/build.js";
import { serveSiteNear } from "../site/serve.js";
import { ROOT } from "./common.js";

const argv = process.argv.slice(2);
const at = argv.indexOf("--port");
const wanted = at >= 0 ? Number(argv[at + 1]) : 8000;
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error("usage: npm run site:serve [-- --port <number>]");
  process.exit(2);
}
const dir = join(ROOT, SITE_DIR);
if (!siteExists(dir)) {
  console.log(messages.siteMissing(SITE_DIR));
  buildSite(ROOT);
}

console.log(messages.siteServing((await serveSiteNear(dir, wanted)).url));
