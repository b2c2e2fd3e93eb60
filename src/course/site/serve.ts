/**
 * A small static file server for the built site, on localhost only (a lecturer's laptop, or the
 * browser tests). Serves files under one folder; nothing outside it, no directory listings.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};

/** A running server: its address and how to stop it. */
export interface SiteServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The file a URL path names under `dir`, or null when it leaves `dir` or is not a file. */
export function resolvePath(dir: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return null;
  }
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(dir, path));
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Serve `dir` on 127.0.0.1:`port` (0: any free port). */
export function serveSite(dir: string, port: number = 0): Promise<SiteServer> {
  const root = normalize(dir);
  const server = createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? resolvePath(root, req.url ?? "/") : null;
    if (file === null) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    // no-cache: the browser asks again each time (a rebuilt site shows at once) and gets a 304 for
    // what did not change, so vega's megabytes are parsed from its cache.
    const modified = statSync(file).mtime;
    modified.setMilliseconds(0);
    const since = Date.parse(req.headers["if-modified-since"] ?? "");
    const headers = { "cache-control": "no-cache", "last-modified": modified.toUTCString() };
    if (!Number.isNaN(since) && modified.getTime() <= since) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * Serve `dir` on `port`, or the next free one of the 20 after it (a second deck, another server),
 * or else any free port. What `npm run site:serve` (and `npm start` without Jupyter) use.
 */
export async function serveSiteNear(dir: string, port: number = 8000): Promise<SiteServer> {
  for (let p = port; p < port + 20 && port !== 0; p++) {
    try {
      return await serveSite(dir, p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    }
  }
  return serveSite(dir, 0);
}
