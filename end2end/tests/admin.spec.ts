// The administrator keeps the working-day calendar, with JavaScript on and
// off: a refused entry explains itself, a saved day shows in the year's
// table, removing it takes it out again, and the change log has each
// change with its reason.
import { expect, test } from "@playwright/test";
import { t } from "./locales";

test("an administrator adds and removes a day of the calendar", async ({ page }) => {
  await page.goto("/auth/sign-in?next=/account");
  await page.getByLabel("Hoàng Thu Hà").check();
  await page.getByRole("button", { name: t("vi", "dev-idp-approve") }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/admin/calendar?year=2027");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "admin-calendar-title"));

  // A Saturday cannot be a day off: it is one already.
  await page.getByLabel(t("vi", "admin-calendar-date"), { exact: true }).fill("2027-03-06");
  await page.getByLabel(t("vi", "admin-calendar-kind-off")).check();
  await page.getByLabel(t("vi", "admin-calendar-name-vi")).fill("Ngày thử");
  await page.getByLabel(t("vi", "admin-calendar-name-en")).fill("Test day");
  await page.locator("#save-reason").fill("Thử lịch");
  await page.getByRole("button", { name: t("vi", "admin-calendar-save") }).click();
  await expect(page.getByRole("alert")).toContainText(t("vi", "calendar-error-off-weekend"));

  // As a Saturday worked it is accepted and listed.
  await page.getByLabel(t("vi", "admin-calendar-date"), { exact: true }).fill("2027-03-06");
  await page.getByLabel(t("vi", "admin-calendar-kind-work")).check();
  await page.getByLabel(t("vi", "admin-calendar-name-vi")).fill("Làm bù thử");
  await page.getByLabel(t("vi", "admin-calendar-name-en")).fill("Test make-up day");
  await page.locator("#save-reason").fill("Thông báo làm bù");
  await page.getByRole("button", { name: t("vi", "admin-calendar-save") }).click();
  await expect(page.getByRole("status")).toHaveText(t("vi", "admin-calendar-saved"));
  const row = page.getByRole("row").filter({ hasText: "Làm bù thử" });
  await expect(row).toHaveCount(1);

  // Removing it, with the reason, takes it out; the change log has both.
  await page.getByLabel(t("vi", "admin-calendar-remove-date")).selectOption("2027-03-06");
  await page.locator("#remove-reason").fill("Nhập thử, xóa đi");
  await page.getByRole("button", { name: t("vi", "admin-calendar-remove"), exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: "Làm bù thử" })).toHaveCount(0);
  await page.goto("/admin/changes");
  await expect(page.getByRole("row").filter({ hasText: "Nhập thử, xóa đi" }).first()).toContainText(
    t("vi", "admin-change-calendar-day-removed"),
  );
});
