/**
 * Summarizes V8 .cpuprofile files: self time per function, largest first.
 *   npx tsx bench/profile-summary.ts <dir or files...> [--top N]
 * With several profiles (node also profiles its loader thread), it reads the busiest one.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const paths = args.filter((a, i) => a !== "--top" && i !== topAt + 1)
  .flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(p, f)) : [p]));

function selfTimes(path: string): { busy: number; total: number; self: Map<string, number> } {
  const { nodes } = JSON.parse(readFileSync(path, "utf8")) as { nodes: Node[] };
  const self = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.replace(/^.*\/work\/main\//, "")}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + node.hitCount);
    total += node.hitCount;
    if (functionName === "(idle)") idle += node.hitCount;
  }
  return { busy: total - idle, total, self };
}

const busiest = paths.map(selfTimes).sort((a, b) => b.busy - a.busy)[0];
const rows = [...busiest.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [key, hits] of rows) console.log(`${((100 * hits) / busiest.total).toFixed(1).padStart(5)}%  ${key}`);
