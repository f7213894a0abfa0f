// Signing in through the built-in development identity provider, with
// JavaScript on and off: name and masked number on the account page,
// sign-out, and a protected page that sends you to sign in and back.
import { expect, type Page, test } from "@playwright/test";
import { t } from "./locales";

/** On the development provider's page: choose a demo person, sign in. */
async function chooseDemoPerson(page: Page, name: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "dev-idp-title"));
  await page.getByLabel(name).check();
  await page.getByRole("button", { name: t("vi", "dev-idp-approve") }).click();
}

test("a demo citizen signs in, sees name and masked number, and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".dev-banner").first()).toContainText(t("vi", "dev-banner-tag"));
  await page.getByRole("link", { name: t("vi", "nav-sign-in") }).click();
  await chooseDemoPerson(page, "Trần Thị Mai");

  // From the start page, sign-in leads to the person's data.
  await expect(page).toHaveURL(/\/data$/);
  await page.getByRole("link", { name: /Trần Thị Mai/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "account-title"));
  await expect(page.locator("dd").filter({ hasText: "Trần Thị Mai" })).toBeVisible();
  await expect(page.getByText("••••••••2345")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("001990012345");
  await expect(page.getByRole("link", { name: /Trần Thị Mai/ })).toBeVisible();

  await page.getByRole("button", { name: t("vi", "nav-sign-out"), exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/signed-out$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "signed-out-title"));
  await expect(page.getByRole("link", { name: t("vi", "nav-sign-in") })).toBeVisible();

  // Signed out for real: the account page asks to sign in again.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "dev-idp-title"));
});

test("a protected page sends you to sign in and brings you back", async ({ page }) => {
  await page.goto("/account/activity");
  await chooseDemoPerson(page, "Lê Văn Hùng");
  await expect(page).toHaveURL(/\/account\/activity$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "activity-title"));
  await expect(page.getByRole("cell", { name: t("vi", "activity-sign-in"), exact: true }).first()).toBeVisible();
});

test("cancelling at the provider explains what happened", async ({ page }) => {
  await page.goto("/auth/sign-in?next=/account");
  await page.getByRole("button", { name: t("vi", "dev-idp-cancel") }).click();
  await expect(page).toHaveURL(/\/auth\/failed\?reason=cancelled$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "sign-in-failed-title"));
  await expect(page.getByText(t("vi", "sign-in-failed-cancelled"))).toBeVisible();
});

test("a level 1 account is offered a level 2 sign-in", async ({ page }) => {
  await page.goto("/auth/sign-in?next=/account");
  await chooseDemoPerson(page, "Lê Văn Hùng");
  await expect(page.getByText(t("vi", "account-level-1"), { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: t("vi", "account-level-2-link") })).toHaveAttribute(
    "href",
    "/auth/sign-in?level=2&next=/account",
  );
});
