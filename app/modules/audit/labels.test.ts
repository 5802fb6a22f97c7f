// Every action code the app writes to the audit log reads as words on the staff page, in every
// language: the codes come from the one list (recordAudit accepts nothing else), and the source is
// read for any code written past that type (a cast, a computed string).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR, supportedLocales } from "~/modules/i18n/locales.server";
import { AUDIT_ACTIONS, auditActionLabel } from "./labels";

const ROOT = path.resolve(__dirname, "../../..");
const catalog = (code: string) => JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The action codes the app's own code writes: every `action: "…"` in a call of recordAudit or auditOwn, and auditOwn's literal codes. */
function writtenCodes() {
  const codes = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(ROOT, "app")), ...sourceFiles(path.join(ROOT, "scripts"))]) {
    const text = fs.readFileSync(file, "utf8");
    for (const call of text.matchAll(/recordAudit\(\w+, \{[^}]*?action: "([^"]+)"/gs)) codes.set(call[1], path.relative(ROOT, file));
    for (const call of text.matchAll(/auditOwn\([^)]*?"([a-z_]+\.[a-z_]+)"/g)) codes.set(call[1], path.relative(ROOT, file));
    for (const call of text.matchAll(/auditOwn\([^,]+, [^,]+, [^"]*\? "([a-z_.]+)" : "([a-z_.]+)"/g)) {
      codes.set(call[1], path.relative(ROOT, file));
      codes.set(call[2], path.relative(ROOT, file));
    }
  }
  return codes;
}

describe("audit action labels", () => {
  it("give every action in the list words in every language", () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThanOrEqual(27);
    expect(supportedLocales()).toEqual(expect.arrayContaining(["en", "zh"]));
    for (const locale of supportedLocales()) {
      const messages = catalog(locale);
      for (const code of AUDIT_ACTIONS) {
        const key = auditActionLabel(code)!;
        expect(key, code).toBe(`audit.action.${code}`);
        expect(messages[key]?.trim(), `${locale}: ${key}`).toBeTruthy();
        expect(messages[key], `${locale}: ${key}`).not.toBe(code);
      }
    }
  });

  it("cover every code the app writes, found in its source", () => {
    const written = writtenCodes();
    // The reading finds the codes (a change of call style must not silently find none).
    expect(written.size).toBeGreaterThanOrEqual(20);
    expect([...written.keys()]).toEqual(
      expect.arrayContaining(["introduction.approve", "staff.totp_enable", "staff.totp_replace", "settings.require_staff_totp"]),
    );
    for (const [code, file] of written) expect(auditActionLabel(code), `${code} (${file})`).not.toBeNull();
    // Computed codes: users.server.ts writes `user.` or `staff.` with disable or enable.
    for (const code of ["user.disable", "user.enable", "staff.disable", "staff.enable"]) expect(auditActionLabel(code)).not.toBeNull();
  });

  it("shows an unknown code (an old row) as itself, never a key", () => {
    expect(auditActionLabel("test.gone")).toBeNull();
    expect(auditActionLabel("constructor")).toBeNull();
  });
});
