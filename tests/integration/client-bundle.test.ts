// What reaches the browser: the built client bundle (public/build, made by `npm run build`
// before the tests) carries no server-side validation or database code. Forms are checked on the
// server; zod (about 450 kB), drizzle or libphonenumber-js and its numbering plans (about 150 kB,
// docs/decisions/0011-libphonenumber.md) in a phone's download would be weight with no use.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

it("ships no zod, drizzle, phone-number metadata or database code to the browser", () => {
  const built = path.resolve("public/build");
  expect(fs.existsSync(built), "run `npm run build` first").toBe(true);
  const scripts = files(built).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(0);
  for (const file of scripts) {
    const text = fs.readFileSync(file, "utf8");
    expect(text, path.relative(built, file)).not.toMatch(/ZodError|\$ZodType|drizzle-orm|better-sqlite3|sqliteTable|country_calling_codes|INVALID_COUNTRY/);
  }
  const total = scripts.reduce((n, f) => n + fs.statSync(f).size, 0);
  // All scripts of every page together, minified, before compression.
  expect(total).toBeLessThan(1_000_000);
});
