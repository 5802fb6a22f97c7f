// A process of a race test: a TypeScript script started with `env`, which prints "ready" once it
// is set up and waits for the start signal; `done` resolves with its standard output when it exits 0.
import { spawn } from "node:child_process";

export function startRacer(script: string, env: Record<string, string>, name: string) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const ready = new Promise<void>((resolve) => {
    const check = () => (out.includes("ready\n") ? resolve() : setTimeout(check, 5));
    check();
  });
  const done = new Promise<string>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${err}`)))),
  );
  return { ready, done };
}
