import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: "fast" is every unit and route test (in-process, real SQLite files), the loop to
// run while working (`npm run test:fast`); "process" starts servers, workers and scripts as real
// processes, kills them, and fuzzes (`npm test` runs both).
export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    setupFiles: ["tests/setup-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "fast", include: ["app/**/*.test.{ts,tsx}", "scripts/seed.test.ts", "scripts/demo-data/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "process",
          include: ["scripts/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/fuzz/**/*.test.ts"],
          exclude: ["scripts/seed.test.ts", "scripts/demo-data/*.test.ts"],
        },
      },
    ],
  },
});
