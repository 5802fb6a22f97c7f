// The app is built once per run, before any worker starts its server on it. scripts/test.sh
// builds it itself a moment before and sets E2E_BUILT=1; any other run (`npm run test:e2e`, a
// single spec) builds here, so a browser test never runs against a stale build.
import { execSync } from "node:child_process";

export default function globalSetup() {
  if (process.env.E2E_BUILT === "1") return;
  execSync("npx remix build", { stdio: ["ignore", "ignore", "inherit"] });
}
