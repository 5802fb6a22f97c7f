import { expect, test } from "@playwright/test";

test("the landing page says what Bridge does", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("partner");
});
