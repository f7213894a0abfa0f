// The page frame, the two languages and the error pages, run with
// JavaScript on and off.
import { expect, test } from "@playwright/test";
import { LANGS, other, t } from "./locales";

test.describe("a browser that prefers neither language", () => {
  test.use({ locale: "fr-FR" });

  test("gets the home page in Vietnamese", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "home-heading"));
  });
});

test("home page tells a citizen what the service does", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "home-heading"));
  await expect(page).toHaveTitle(`${t("vi", "home-title")} – ${t("vi", "service-name")}`);
  await expect(page.getByRole("listitem").filter({ hasText: t("vi", "home-can-consent") })).toBeVisible();
});

test.describe("a browser that prefers English", () => {
  test.use({ locale: "en-GB" });

  test("gets the home page in English", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("en", "home-heading"));
  });
});

test.describe("a malformed Accept-Language header", () => {
  test.use({ extraHTTPHeaders: { "Accept-Language": ";;q=abc,,*;q=2" } });

  test("gets the default language, not an error", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  });
});

for (const from of LANGS) {
  const to = other(from);
  test(`switching from ${from} to ${to} returns to the same page`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "lang", value: from, url: baseURL! }]);
    await page.goto("/privacy");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t(from, "privacy-title"));
    const switcher = page.getByRole("navigation", { name: t(from, "language-switcher-label") });
    await expect(switcher.getByText(t(from, "language-name"))).toHaveAttribute("aria-current", "true");
    await switcher.getByRole("link", { name: t(to, "language-name") }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.locator("html")).toHaveAttribute("lang", to);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t(to, "privacy-title"));
    // The choice is remembered on the next page.
    await page.goto("/accessibility");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t(to, "accessibility-title"));
  });
}

for (const lang of LANGS) {
  test(`an unknown address gets the ${lang} not-found page with status 404`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t(lang, "not-found-title"));
    await expect(page.getByRole("link", { name: t(lang, "not-found-home-link") })).toBeVisible();
  });
}

test("footer links reach the privacy notice and the accessibility statement", async ({ page }) => {
  await page.goto("/");
  const footer = page.getByRole("contentinfo");
  await footer.getByRole("link", { name: t("vi", "footer-privacy") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "privacy-title"));
  await expect(page.getByRole("heading", { name: t("vi", "privacy-cookies-heading") })).toBeVisible();
  await footer.getByRole("link", { name: t("vi", "footer-accessibility") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "accessibility-title"));
});

test("the officers page lists a named officer for every province", async ({ page }) => {
  await page.goto("/officers");
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(35); // header + 34 provinces
  await expect(table.getByRole("rowheader").first()).toContainText("Hà Nội");
});
