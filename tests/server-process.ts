// Starts the real production server (server.ts over the built app) as a child process on a
// free port, and collects its JSON log lines. Needs `npm run build` first (scripts/test.sh does it).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export type ServerHandle = {
  url: string;
  child: ChildProcess;
  logs: () => string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  stop: () => Promise<void>;
};

export async function startServer(env: Record<string, string> = {}): Promise<ServerHandle> {
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js missing: run npm run build first");
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let signalledAt = 0;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, ms: signalledAt ? Date.now() - signalledAt : 0 }));
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let i;
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        lines.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.event === "listening") resolve(entry.port);
        } catch {
          // not JSON: the test that reads logs will notice
        }
      }
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
  });
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return kill(signal);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logs: () => lines,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
