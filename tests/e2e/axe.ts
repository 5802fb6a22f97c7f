// Accessibility scans: axe-core run in the page, at a desktop width and a phone width (the
// standard: no violations at 1280 px and at 390 px). No rule is disabled.
//
// axe is put into each document once and run there directly (docs/decisions/0010-axe-in-page.md):
// @axe-core/playwright's default mode opens a blank page in the context to finish every scan,
// which made a scan of a small page take two seconds on this machine, and the scans were most of
// the browser run's time. The only frame the app has is the mail preview, a sandboxed frame that
// runs no script, which axe cannot enter; the pages that show it leave it out of the scan.
import fs from "node:fs";
import { createRequire } from "node:module";
import { type Page } from "@playwright/test";
import type { AxeResults, ElementContext, RunOptions } from "axe-core";
import { expect } from "./fixtures";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The widths every page is scanned at, with a height of the device each stands for. */
export const SCAN_VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;

type Scan = { exclude?: string };

async function violations(page: Page, { exclude }: Scan) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> } }).axe;
    const context: ElementContext = exclude ? { include: [["html"]], exclude: [[exclude]] } : document;
    const results = await axe.run(context, { resultTypes: ["violations"] });
    return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, exclude);
}

/**
 * Scans the page as it is at each width of SCAN_VIEWPORTS (the page is laid out again, not
 * reloaded, so a form's errors stay), then puts the viewport back.
 */
export async function expectNoViolations(page: Page, label: string, scan: Scan = {}) {
  const before = page.viewportSize();
  const lang = await page.locator("html").getAttribute("lang");
  try {
    for (const viewport of SCAN_VIEWPORTS) {
      await page.setViewportSize(viewport);
      expect(await violations(page, scan), `${label} in ${lang} at ${viewport.width} px`).toEqual([]);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
