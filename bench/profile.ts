/**
 * Profiles our training step: `node --cpu-prof --cpu-prof-dir=<dir> --import tsx bench/profile.ts W1 [seconds]`,
 * then `npx tsx bench/profile-summary.ts <dir>/*.cpuprofile` lists where the time went.
 */
import { oursStep } from "./ours.js";
import { workloads, type WorkloadId } from "./workloads.js";

const id = (process.argv[2] ?? "W1") as WorkloadId;
const seconds = Number(process.argv[3] ?? 5);
const step = oursStep(workloads[id]);
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < seconds * 1000) {
  step();
  n++;
}
console.log(`${id}: ${n} steps in ${seconds} s = ${(n / seconds).toFixed(1)} steps/s`);
