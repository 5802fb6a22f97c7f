// Named points where a process-level test holds a process still, to kill it exactly there
// (tests/integration/jobs-kill.test.ts): never sleep-and-hope. Only with NODE_ENV=test and
// BRIDGE_FAULT_POINT naming the point: the code that reaches it writes
// BRIDGE_FAULT_DIR/<name>.reached and blocks its thread until BRIDGE_FAULT_DIR/<name>.go exists
// (at most two minutes, a guard against a test that forgot it). Anywhere else it does nothing.
import fs from "node:fs";
import path from "node:path";

export function faultPoint(name: string) {
  const { NODE_ENV, BRIDGE_FAULT_POINT, BRIDGE_FAULT_DIR } = process.env;
  if (NODE_ENV !== "test" || BRIDGE_FAULT_POINT !== name || !BRIDGE_FAULT_DIR) return;
  fs.writeFileSync(path.join(BRIDGE_FAULT_DIR, `${name}.reached`), String(process.pid));
  const go = path.join(BRIDGE_FAULT_DIR, `${name}.go`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + 120_000;
  // Blocking on purpose: the point sits inside a transaction, which must stay open as it is.
  while (!fs.existsSync(go) && Date.now() < end) Atomics.wait(cell, 0, 0, 50);
}
