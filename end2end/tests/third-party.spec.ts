// Sign-in through a third-party OpenID Connect provider (npm oidc-provider,
// with its own login and consent screens), against a second instance of
// the dashboard configured for it: the client is a standard one.
import { expect, test } from "@playwright/test";
import { app2URL } from "../playwright.config";
import { t } from "./locales";

test("a citizen signs in and out through a third-party provider", async ({ page }) => {
  await page.goto(`${app2URL}/`);
  await expect(page.locator(".dev-banner")).toHaveCount(0);
  await page.getByRole("link", { name: t("vi", "nav-sign-in") }).click();

  // oidc-provider's development login screen (its own words, in English).
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator("input[name=login]").fill("citizen-036879000123");
  await page.locator("input[name=password]").fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();

  // From the start page, sign-in leads to the person's data.
  await expect(page).toHaveURL(`${app2URL}/data`);
  await page.goto(`${app2URL}/account`);
  await expect(page.locator("dd").filter({ hasText: "Nguyễn Văn Bình" })).toBeVisible();
  await expect(page.getByText("••••••••0123")).toBeVisible();
  await expect(page.getByText(t("vi", "account-level-2"), { exact: true })).toBeVisible();

  // Sign-out ends the session here, then at the provider, and comes back.
  await page.getByRole("button", { name: t("vi", "nav-sign-out"), exact: true }).click();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(`${app2URL}/auth/signed-out`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "signed-out-title"));
});
