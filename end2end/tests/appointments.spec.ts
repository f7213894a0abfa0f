// People and roles, with JavaScript on and off: an administrator appoints a
// person DPO of a province; that person signs in and works the province's
// queue; the appointment is revoked and their next request is refused; the
// change log shows both changes; an auditor reads it but cannot change it.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { t } from "./locales";
import { signIn } from "./people";

// A person the demo does not know, different in each project (both run
// against one server), born in the demo century.
function newcomer(javaScriptEnabled: boolean) {
  return javaScriptEnabled
    ? { id: "001390000481", name: "Đinh Thị Thu", masked: "••••••••0481" }
    : { id: "001390000482", name: "Mạc Văn Khải", masked: "••••••••0482" };
}

/** Signs a new person in through the development provider's own form. */
async function signInAs(browser: Browser, javaScriptEnabled: boolean, id: string, name: string) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto("/auth/sign-in?next=/account");
  await page.locator("#persona-custom").check();
  await page.locator("#personal_id").fill(id);
  await page.locator("#name").fill(name);
  await page.locator("#birthdate").fill("1990-01-01");
  await page.locator("#level-2").check();
  await page.locator("button[value=approve]").click();
  await expect(page).toHaveURL(/\/account$/);
  return page;
}

async function queueStatus(page: Page) {
  const response = await page.goto("/dpo/requests");
  return response!.status();
}

test("an appointed DPO works the queue until the appointment is revoked", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const person = newcomer(javaScriptEnabled);
  const reasonIn = `Quyết định 88/QĐ-UBND (${javaScriptEnabled ? "js" : "no-js"})`;
  const reasonOut = `Chuyển công tác (${javaScriptEnabled ? "js" : "no-js"})`;
  await signIn(page, "Hoàng Thu Hà", "/account");
  await page.getByRole("link", { name: t("vi", "appointments-title") }).click();
  await expect(page).toHaveURL(/\/admin\/people$/);
  await page.getByRole("link", { name: t("vi", "appointment-new") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "appointment-new"));

  // A mistake is explained at its field, and nothing is appointed.
  await page.getByLabel(t("vi", "appointment-personal-id")).fill("12345");
  await page.getByLabel(t("vi", "appointment-full-name")).fill(person.name);
  await page.getByLabel(t("vi", "appointment-role-dpo")).check();
  await page.getByLabel(t("vi", "appointment-province"), { exact: true }).selectOption("HUE");
  await page.getByLabel(t("vi", "appointment-reason")).fill(reasonIn);
  await page.getByRole("button", { name: t("vi", "appointment-submit") }).click();
  await expect(page.getByRole("alert")).toContainText(t("vi", "identity-error-length"));

  const dpo = await signInAs(browser, javaScriptEnabled, person.id, person.name);
  expect(await queueStatus(dpo)).toBe(403);

  await page.goto("/admin/people/new");
  await page.getByLabel(t("vi", "appointment-personal-id")).fill(person.id);
  await page.getByLabel(t("vi", "appointment-full-name")).fill(person.name);
  await page.getByLabel(t("vi", "appointment-role-dpo")).check();
  await page.getByLabel(t("vi", "appointment-province"), { exact: true }).selectOption("HUE");
  await page.getByLabel(t("vi", "appointment-decision-number")).fill("88/QĐ-UBND");
  await page.getByLabel(t("vi", "appointment-reason")).fill(reasonIn);
  await page.getByRole("button", { name: t("vi", "appointment-submit") }).click();
  await expect(page).toHaveURL(/\/admin\/people\?appointed=\d+/);
  await expect(page.getByRole("status")).toHaveText(t("vi", "appointment-done"));
  const row = page.getByRole("row").filter({ hasText: person.masked });
  await expect(row).toContainText(person.name);
  await expect(row).toContainText("88/QĐ-UBND");

  // From the next request on, the person works Huế's queue.
  expect(await queueStatus(dpo)).toBe(200);
  await expect(dpo.getByRole("heading", { level: 1 })).toBeVisible();

  await row.getByRole("link", { name: new RegExp(t("vi", "appointment-revoke")) }).click();
  await page.getByLabel(t("vi", "appointment-reason")).fill(reasonOut);
  await page.getByRole("button", { name: t("vi", "appointment-revoke-submit") }).click();
  await expect(page).toHaveURL(/\/admin\/people\?revoked=\d+/);
  await expect(page.getByRole("status")).toHaveText(t("vi", "appointment-revoked"));
  await expect(page.getByRole("row").filter({ hasText: person.masked })).toHaveCount(0);
  expect(await queueStatus(dpo)).toBe(403);

  await page.goto("/admin/changes");
  const revoked = page.getByRole("row").filter({ hasText: reasonOut });
  await expect(revoked).toContainText(t("vi", "admin-change-revoked"));
  await expect(revoked).toContainText("Hoàng Thu Hà");
  const appointed = page.getByRole("row").filter({ hasText: reasonIn });
  await expect(appointed).toContainText(t("vi", "admin-change-appointed"));

  // The auditor reads the log and the roles, and has no way to change them.
  const auditorContext = await browser.newContext({ javaScriptEnabled, locale: "vi-VN" });
  const auditor = await auditorContext.newPage();
  await signIn(auditor, "Vũ Ngọc Sơn", "/account");
  await auditor.goto("/admin/changes");
  await expect(auditor.getByRole("row").filter({ hasText: reasonOut })).toHaveCount(1);
  await auditor.goto("/admin/people");
  await expect(auditor.getByRole("heading", { level: 1 })).toHaveText(t("vi", "appointments-title"));
  await expect(auditor.getByRole("link", { name: t("vi", "appointment-new") })).toHaveCount(0);
  await expect(auditor.getByRole("link", { name: new RegExp(t("vi", "appointment-revoke")) })).toHaveCount(0);
  const form = await auditor.goto("/admin/people/new");
  expect(form!.status()).toBe(403);
});
