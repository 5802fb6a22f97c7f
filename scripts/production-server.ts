// The production server (server.ts over build/, built first if missing) on a free port, for the
// scripts that measure it (bench:http, audit:lighthouse). The tests start theirs with
// tests/server-process.ts, which reads the port from the server's info log; these run it at
// LOG_LEVEL=warn, where it does not log the port it got, so the port is chosen here.
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/**
 * Starts the server with the current environment and `env(port)` on top, and resolves once it
 * answers. `stop` ends it with SIGTERM and waits for it to exit.
 */
export async function startProductionServer(env: (port: number) => Record<string, string> = () => ({})) {
  if (!fs.existsSync("build/index.js")) execSync("npx remix build", { stdio: ["ignore", "ignore", "inherit"] });
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise((resolve) => server.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    server.on("exit", (code) => reject(new Error(`server exited (${code})`)));
    const poll = () =>
      fetch(`http://127.0.0.1:${port}/`)
        .then(() => resolve())
        .catch(() => setTimeout(poll, 100));
    poll();
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.kill("SIGTERM");
      await exited;
    },
  };
}
