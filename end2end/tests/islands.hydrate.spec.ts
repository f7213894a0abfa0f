// Runs with JavaScript only. Islands (#17): a page without interactive parts
// loads no script or WASM of ours; the request form's character count is an
// island that wakes under the strict CSP and counts as the person types.
import { expect, type Page, test } from "@playwright/test";
import { t } from "./locales";
import { signIn } from "./people";

function fill(template: string, name: string, value: string) {
  return template.replace(`{ $${name} }`, value);
}

// Every address the page asks for under /pkg/, as it loads.
function watchPkg(page: Page) {
  const asked: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/pkg/")) asked.push(path);
  });
  return asked;
}

test("the home page, /officers and the timeline load no WASM and no script of ours", async ({ page }) => {
  const asked = watchPkg(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/officers");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(35);
  await signIn(page, "Trần Thị Mai", "/data/sharing");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "sharing-title"));
  await page.waitForLoadState("networkidle");

  expect(asked.filter((path) => /\.(wasm|js)$/.test(path))).toEqual([]);
  // The style sheet is there, by its fingerprinted name.
  expect(asked.some((path) => /^\/pkg\/citizen-privacy\.[0-9a-f]{16}\.css$/.test(path))).toBe(true);
  await expect(page.locator("leptos-island")).toHaveCount(0);
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
});

test("the request form's character count wakes and counts as the person types", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  const wasm = page.waitForResponse((response) => response.url().endsWith(".wasm"));

  await signIn(page, "Trần Thị Mai", "/requests/new");
  const answer = await wasm;
  expect(new URL(answer.url()).pathname).toMatch(/^\/pkg\/citizen-privacy(_bg)?\.[0-9a-f]{16}\.wasm$/);
  expect(answer.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  const count = page.locator("#description-count");
  await expect(page.locator(".character-count[data-live]")).toHaveCount(1);
  await expect(count).toHaveText(fill(t("vi", "character-count-left"), "count", "5.000"));
  const box = page.getByLabel(t("vi", "request-description-label"));
  await box.fill("xin chào");
  await expect(count).toHaveText(fill(t("vi", "character-count-left"), "count", "4.992"));
  // A line break is sent as two characters, and counted so.
  await box.fill("a\nb");
  await expect(count).toHaveText(fill(t("vi", "character-count-left"), "count", "4.996"));
  await box.fill("ă".repeat(5_001));
  await expect(count).toHaveText(fill(t("vi", "character-count-over"), "count", "1"));
  await expect(count).toHaveClass(/is-over/);
  // Screen readers hear it once typing pauses.
  await expect(page.locator(".character-count [aria-live=polite]")).toHaveText(
    fill(t("vi", "character-count-over"), "count", "1"),
  );
  await expect(box).toHaveAttribute("aria-describedby", /description-count/);

  expect(problems, "no console errors (CSP violations show up here)").toEqual([]);
});
