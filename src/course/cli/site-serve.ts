/**
 * `npm run site:serve [-- --port N]`: serve the built site on localhost (default port 8000, or the
 * next free one) and print its address. Builds the site first when there is none.
 */
import { join } from "node:path";
import { messages } from "../../messages.js";
import { buildSite, siteExists, SITE_DIR } from "../site/build.js";
import { serveSite } from "../site/serve.js";
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

async function listen(): Promise<string> {
  // A busy port is common (another server, a second deck): try the next few before giving up.
  for (let port = wanted; port < wanted + 20; port++) {
    try {
      return (await serveSite(dir, port)).url;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || wanted === 0) throw e;
    }
  }
  return (await serveSite(dir, 0)).url;
}
console.log(messages.siteServing(await listen()));
