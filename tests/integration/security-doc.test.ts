// docs/security.md names, for every requirement, the test that proves it. This keeps the names
// true: each named file exists and holds a test whose title starts with the quoted words, and
// each row names at least one test.
import fs from "node:fs";
import { expect, it } from "vitest";

const doc = fs.readFileSync("docs/security.md", "utf8");

it("names only tests that exist, and every row names one", () => {
  const refs = [...doc.matchAll(/`((?:app|db|tests)\/[^`\s]+\.(?:test|spec)\.ts)(?: › ([^`]+))?`/g)];
  expect(refs.length).toBeGreaterThan(40);
  let lastFile = "";
  for (const [, file, title] of refs) {
    expect(fs.existsSync(file), file).toBe(true);
    lastFile = file;
    if (!title) continue;
    const words = title.replace(/…$/, "").trim();
    expect(fs.readFileSync(file, "utf8"), `${file} › ${words}`).toContain(words);
  }
  // Titles given without a file ("`› …`") belong to the file named before them in the row.
  for (const line of doc.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ASVS") && !l.startsWith("| Check") && !l.startsWith("|---"))) {
    expect(line, line.slice(0, 60)).toMatch(/`(?:app|db|tests)\/[^`]+\.(?:test|spec)\.ts/);
    const files = [...line.matchAll(/`((?:app|db|tests)\/[^`\s]+\.(?:test|spec)\.ts)/g)].map((m) => m[1]);
    let current = files[0] ?? lastFile;
    for (const m of line.matchAll(/`(?:((?:app|db|tests)\/[^`\s]+\.(?:test|spec)\.ts) )?› ([^`]+)`/g)) {
      if (m[1]) current = m[1];
      const words = m[2].replace(/…$/, "").trim();
      expect(fs.readFileSync(current, "utf8"), `${current} › ${words}`).toContain(words);
    }
  }
});
