/**
 * `npm run kernel:install`: register the course kernel (tslab with the course's extensions).
 *
 *   npm run kernel:install                     in .jupyter/ inside the project (our commands find it there)
 *   npm run kernel:install -- --user           for every Jupyter of this user (JupyterLab, VS Code)
 *   sudo npm run kernel:install -- --system    for every user of this machine (a JupyterHub)
 *   npm run kernel:install -- --prefix <dir>   in <dir>/share/jupyter (a hub's Python environment)
 */
import { dataDirOf, installKernel, JUPYTER_DATA_DIR, parseTarget, sharedInstallProblems } from "../kernel/kernelspec.js";
import { ROOT } from "./common.js";

const target = parseTarget(process.argv.slice(2));
if (typeof target === "string") {
  console.error(target);
  process.exit(2);
}
const problems = target.kind === "project" ? [] : sharedInstallProblems(ROOT);
if (problems.some((p) => p.includes("npm run build"))) {
  console.error(problems.join("\n"));
  process.exit(1);
}
let file: string;
try {
  file = installKernel(ROOT, target);
} catch (e) {
  const code = (e as { code?: string }).code;
  console.error(code === "EACCES" || code === "EPERM"
    ? `Cannot write to ${dataDirOf(target, ROOT)} (${code}); for --system run it with sudo.`
    : String(e));
  process.exit(1);
}
console.log(`Registered the course's TypeScript kernel (tslab with the course's extensions): ${file}`);
if (target.kind === "project") {
  console.log(`Our commands find it through JUPYTER_PATH=${JUPYTER_DATA_DIR}; your global Jupyter set-up is untouched.`);
  console.log("For every Jupyter of yours (VS Code too): npm run kernel:install -- --user");
} else {
  console.log(`It runs ${ROOT}: keep that checkout built (npm run build) and readable by its users.`);
  for (const p of problems) console.warn(`warning: ${p}`);
}
