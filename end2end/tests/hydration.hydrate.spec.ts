// Runs with JavaScript only: the WASM loads under the strict CSP and takes
// over the page, so links navigate without a full page load.
import { expect, test } from "@playwright/test";
import { t } from "./locales";

test("the app hydrates and then navigates without reloading", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));

  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // A full page load would lose this marker; client-side routing keeps it.
  await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 42));
  await page.getByRole("contentinfo").getByRole("link", { name: t("vi", "footer-officers") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "officers-title"));
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(35);
  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(42);
  await expect(page).toHaveTitle(`${t("vi", "officers-title")} – ${t("vi", "service-name")}`);

  expect(problems, "no console errors (CSP violations show up here)").toEqual([]);
});
