// Consent, with JavaScript on and off: the demo citizen gives consent,
// reads the receipt, withdraws it and finds both in her history; then, as a
// parent, acts for her 11-year-old son, who must agree too. Each test ends
// where it started (withdrawn), so both projects can run it on one server.
import { expect, type Page, test } from "@playwright/test";
import { t } from "./locales";

/** A message with its `{ $name }` placeables filled in. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{ \$([a-z]+) \}/g, (_, name: string) => values[name] ?? "");
}

/** A link or button name made of parts (visually hidden text adds spaces). */
function named(...parts: string[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(parts.map(escape).join("\\s*"));
}

async function signInAsMai(page: Page) {
  await page.goto("/auth/sign-in?next=/consent");
  await page.getByLabel("Trần Thị Mai").check();
  await page.getByRole("button", { name: t("vi", "dev-idp-approve") }).click();
  await expect(page).toHaveURL(/\/consent$/);
}

const RESEARCH = "Dùng hồ sơ sức khỏe đã khử định danh cho nghiên cứu y học";
const PRIZES = "Công bố tên và ảnh học sinh đạt giải trên cổng thông tin giáo dục";

test("a citizen gives consent, reads the receipt, withdraws and sees the history", async ({ page }) => {
  await signInAsMai(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "consent-title"));
  await expect(page.getByRole("heading", { level: 2, name: t("vi", "consent-other-heading") })).toBeVisible();

  await page.getByRole("link", { name: named(t("vi", "consent-grant-link"), ":", RESEARCH) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(RESEARCH);
  await page.getByRole("button", { name: t("vi", "consent-grant-button") }).click();

  await expect(page).toHaveURL(/\/consent\/receipts\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "consent-receipt-title"));
  await expect(page.locator("dd").filter({ hasText: t("vi", "consent-state-active") })).toBeVisible();
  const granted = page.url().split("/").pop()!;

  await page.goto("/consent");
  await page.getByRole("link", { name: named(t("vi", "consent-withdraw-link"), ":", RESEARCH) }).click();
  await expect(page.getByText(t("vi", "consent-withdraw-before"))).toBeVisible();
  await page.getByRole("button", { name: t("vi", "consent-withdraw-button") }).click();
  await expect(page).toHaveURL(/\/consent\/receipts\/[0-9a-f-]+$/);
  await expect(page.locator("dd").filter({ hasText: t("vi", "consent-state-withdrawn") })).toBeVisible();
  const withdrawn = page.url().split("/").pop()!;
  expect(withdrawn).not.toBe(granted);

  await page.getByRole("link", { name: t("vi", "consent-history-link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "consent-history-title"));
  await expect(page.getByText(t("vi", "consent-chain-intact"))).toBeVisible();
  await expect(page.getByRole("link", { name: named(t("vi", "consent-receipt-link"), granted) })).toBeVisible();
  await page.getByRole("link", { name: named(t("vi", "consent-receipt-link"), withdrawn) }).click();
  await expect(page).toHaveURL(new RegExp(`/consent/receipts/${withdrawn}$`));
});

test("a parent acts for a child of 11, who must agree too", async ({ page }) => {
  await signInAsMai(page);
  const child = "Nguyễn Minh Khôi";
  await page.getByRole("link", { name: fill(t("vi", "consent-act-for"), { name: child }) }).click();
  await expect(page.getByText(fill(t("vi", "consent-acting-for"), { name: child }))).toBeVisible();

  await page.getByRole("link", { name: named(t("vi", "consent-grant-link"), ":", PRIZES) }).click();
  await expect(page.getByText(fill(t("vi", "consent-acting-for"), { name: child }))).toBeVisible();
  const agreed = page.getByLabel(fill(t("vi", "consent-child-agreed"), { name: child }));
  await expect(agreed).not.toBeChecked();
  // Without the child's agreement: refused, with the reason.
  await page.getByRole("button", { name: t("vi", "consent-grant-button") }).click();
  await expect(page.getByRole("alert")).toContainText(t("vi", "consent-error-child-agreement"));

  await page.getByLabel(fill(t("vi", "consent-child-agreed"), { name: child })).check();
  await page.getByRole("button", { name: t("vi", "consent-grant-button") }).click();
  await expect(page).toHaveURL(/\/consent\/receipts\/[0-9a-f-]+\?for=\d+$/);
  await expect(page.locator("dd").filter({ hasText: t("vi", "consent-actor-representative") })).toBeVisible();
  await expect(page.locator("dd").filter({ hasText: t("vi", "consent-child-agreed-yes") })).toBeVisible();

  // Withdrawing for him takes one button too.
  await page.getByRole("link", { name: t("vi", "consent-history-link") }).click();
  await page.getByRole("link", { name: t("vi", "consent-back") }).click();
  await page.getByRole("link", { name: named(t("vi", "consent-withdraw-link"), ":", PRIZES) }).click();
  await page.getByRole("button", { name: t("vi", "consent-withdraw-button") }).click();
  await expect(page.locator("dd").filter({ hasText: t("vi", "consent-state-withdrawn") })).toBeVisible();

  // Back to her own consents: his decision is not hers.
  await page.goto("/consent");
  await expect(page.getByText(fill(t("vi", "consent-acting-for"), { name: child }))).toHaveCount(0);
});
