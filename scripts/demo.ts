// npm run demo: build, migrate, seed demo data, print the demo sign-ins, then serve.
import { execSync, spawn } from "node:child_process";
import { closeDb } from "../app/db.server";
import { databasePath, getEnv } from "../app/env.server";
import { runMigrations } from "../db/migrate";
import { DEMO_ACCOUNTS, seedDemo } from "./seed";

execSync("npx remix build", { stdio: "inherit" });
runMigrations();
await seedDemo();
closeDb();

const { PORT } = getEnv();
console.log(`\nBridge demo on http://localhost:${PORT}  (database: ${databasePath()})`);
console.log("Demo sign-ins:");
for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(7)} ${a.email.padEnd(26)} ${a.password}`);
console.log("");

const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
