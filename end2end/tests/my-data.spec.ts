// A demo citizen's own data, with JavaScript on and off: who holds it,
// the sharing timeline with a filter, one event, and both downloads.
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { t } from "./locales";

async function signInAsMai(page: Page, next = "/data") {
  await page.goto(`/auth/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Trần Thị Mai").check();
  await page.getByRole("button", { name: t("vi", "dev-idp-approve") }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/]/g, "\\/")}$`));
}

test("the overview leads to holdings grouped by agency", async ({ page }) => {
  await signInAsMai(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "data-title"));
  await page.getByRole("link", { name: t("vi", "data-holders-link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "holdings-title"));
  await expect(page.getByRole("heading", { level: 2, name: "Bộ Công an" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Cơ sở dữ liệu quốc gia về dân cư" })).toBeVisible();
});

test("the timeline filters by agency and opens an event", async ({ page }) => {
  await signInAsMai(page, "/data/sharing");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "sharing-title"));
  const all = await page.locator(".timeline-item").count();
  expect(all).toBe(20);
  await expect(page.getByRole("link", { name: t("vi", "sharing-older") })).toBeVisible();

  await page.getByLabel(t("vi", "sharing-filter-agency")).selectOption({ label: "Bộ Tư pháp" });
  await page.getByRole("button", { name: t("vi", "sharing-filter-apply") }).click();
  await expect(page).toHaveURL(/agency=BTP/);
  const items = page.locator(".timeline-item");
  const count = await items.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(items.nth(i).locator(".timeline-sentence")).toContainText("Bộ Tư pháp");
  }

  await items.first().getByRole("link", { name: t("vi", "sharing-details-link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "event-title"));
  await expect(page.locator("dd").filter({ hasText: "Bộ Tư pháp" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: t("vi", "event-integrity-heading") })).toBeVisible();
});

test("both downloads hold the person's events", async ({ page }) => {
  await signInAsMai(page);
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: t("vi", "data-export-csv") }).click();
  const csv = readFileSync(await (await csvDownload).path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain(t("vi", "event-provider"));

  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: t("vi", "data-export-json") }).click();
  const json = JSON.parse(readFileSync(await (await jsonDownload).path(), "utf8"));
  expect(json.person.personal_id).toBe("••••••••2345");
  expect(json.holdings).toHaveLength(6);
  expect(json.sharing_events.length).toBe(csv.trim().split("\n").length - 1);
  expect(JSON.stringify(json)).not.toContain("001990012345");
});
