// The registry and the catalogue in the console, with JavaScript on and
// off: an administrator issues an agency's token and sees it once, the
// agency reports with it, a rotation hands out a new one and ends the old,
// a revocation stops it at once; the administrator adds a data category
// and a purpose that citizens can then consent to. Every change is in the
// change log; axe checks the new pages with the token showing.
import { expect, type Page, test } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { t } from "./locales";
import { asPerson, signIn } from "./people";

/** The agencies' API's answer to a token: 200 or 401. */
async function apiStatus(page: Page, token: string) {
  const response = await page.request.get("/api/v1/consents/changes", {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status();
}

test("an administrator issues a token, sees it once, rotates it and revokes it", async ({
  page,
  javaScriptEnabled,
}) => {
  const mode = javaScriptEnabled ? "js" : "no-js";
  await signIn(page, "Hoàng Thu Hà", "/account");
  await page.goto("/admin/agencies/BCA");

  // A mistake is explained at its field.
  await page.getByLabel(t("vi", "agency-token-days")).fill("0");
  await page.locator("#issue-reason").fill(`Kết nối mới (${mode})`);
  await page.getByRole("button", { name: t("vi", "agency-token-issue-submit") }).click();
  await expect(page.getByRole("alert")).toContainText(t("vi", "agency-token-error-days"));

  await page.getByLabel(t("vi", "agency-token-days")).fill("30");
  await page.locator("#issue-reason").fill(`Kết nối mới (${mode})`);
  await page.getByRole("button", { name: t("vi", "agency-token-issue-submit") }).click();
  await expect(page).toHaveURL(/\/admin\/agencies\/BCA\?issued=1$/);
  await expect(page.getByRole("status").first()).toHaveText(t("vi", "agency-token-issued-notice"));
  const first = (await page.locator("#new-token").textContent())!.trim();
  expect(first).toMatch(/^cpd_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  if (javaScriptEnabled) await expectNoViolations(page);
  expect(await apiStatus(page, first)).toBe(200);

  // Shown once: the next visit has no token on it.
  await page.reload();
  await expect(page.locator("#new-token")).toHaveCount(0);

  // Rotation without a grace period: the new token works, the old stops.
  const firstId = first.slice(4).split(".")[0];
  await page.getByRole("link", { name: `${t("vi", "agency-token-manage")} ${firstId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/agencies/BCA/tokens/${firstId}$`));
  if (javaScriptEnabled) await expectNoViolations(page);
  await page.getByLabel(t("vi", "agency-token-grace")).fill("0");
  await page.locator("#rotate-reason").fill(`Thay mã định kỳ (${mode})`);
  await page.getByRole("button", { name: t("vi", "agency-token-rotate-submit") }).click();
  await expect(page).toHaveURL(/\/admin\/agencies\/BCA\?rotated=1$/);
  const second = (await page.locator("#new-token").textContent())!.trim();
  expect(second).not.toBe(first);
  expect(await apiStatus(page, second)).toBe(200);
  expect(await apiStatus(page, first)).toBe(401);

  // Revocation: refused at once.
  const secondId = second.slice(4).split(".")[0];
  await page.goto(`/admin/agencies/BCA/tokens/${secondId}`);
  await page.locator("#revoke-reason").fill(`Lộ mã (${mode})`);
  await page.getByRole("button", { name: t("vi", "agency-token-revoke-submit") }).click();
  await expect(page).toHaveURL(/\/admin\/agencies\/BCA\?revoked=1$/);
  expect(await apiStatus(page, second)).toBe(401);

  await page.goto("/admin/changes");
  for (const reason of [`Kết nối mới (${mode})`, `Thay mã định kỳ (${mode})`, `Lộ mã (${mode})`]) {
    await expect(page.getByRole("row").filter({ hasText: reason }).first()).toBeVisible();
  }
  await expect(page.getByRole("row").filter({ hasText: `BCA/${secondId}` }).first()).toContainText(
    t("vi", "admin-change-token-revoked"),
  );
});

/** Fills the new-purpose form, every field but the categories. */
async function fillPurpose(page: Page, code: string, name: string, mode: string) {
  await page.getByLabel(t("vi", "catalogue-code"), { exact: true }).fill(code);
  await page.getByLabel(t("vi", "agency-name-vi")).fill(name);
  await page.getByLabel(t("vi", "agency-name-en")).fill(`Electronic water bills (${mode})`);
  await page.getByLabel(t("vi", "consent-controller")).selectOption("BHXH");
  await page.getByLabel(t("vi", "catalogue-legal-basis")).selectOption("pdp-law-consent");
  await page.getByLabel(t("vi", "catalogue-rests-on-consent")).check();
  await page.getByLabel(t("vi", "admin-purpose-notice-vi")).fill("Dùng số tài khoản nước để gửi hóa đơn.");
  await page.getByLabel(t("vi", "admin-purpose-notice-en")).fill("Your water account, to send bills.");
  await page.getByLabel(t("vi", "appointment-reason")).fill("Dịch vụ nước sạch");
}

test("an administrator adds a category and a purpose that citizens can consent to", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const mode = javaScriptEnabled ? "js" : "nojs";
  const category = `utility-account-${mode}`;
  const purpose = `water-billing-${mode}`;
  const purposeName = `Hóa đơn nước điện tử (${mode})`;
  await signIn(page, "Hoàng Thu Hà", "/account");
  await page.goto("/admin/purposes");
  await page.getByRole("link", { name: t("vi", "catalogue-categories-title") }).click();
  await expect(page).toHaveURL(/\/admin\/categories$/);
  await page.getByLabel(t("vi", "catalogue-code"), { exact: true }).fill(category);
  await page.getByLabel(t("vi", "agency-name-vi")).fill(`Số tài khoản nước (${mode})`);
  await page.getByLabel(t("vi", "agency-name-en")).fill(`Water account number (${mode})`);
  await page.getByLabel(t("vi", "appointment-reason")).fill("Dịch vụ nước sạch");
  await page.getByRole("button", { name: t("vi", "catalogue-category-submit") }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/categories\\?added=${category}$`));
  await expect(page.getByRole("row").filter({ hasText: category })).toContainText(
    t("vi", "catalogue-basic"),
  );

  await page.goto("/admin/purposes");
  await page.getByRole("link", { name: t("vi", "catalogue-purpose-add") }).click();
  await expect(page).toHaveURL(/\/admin\/purposes\/new$/);
  // No category ticked: refused, with the reason at the field (a form
  // posted without JavaScript comes back empty, so each try fills it all).
  await fillPurpose(page, purpose, purposeName, mode);
  await page.getByRole("button", { name: t("vi", "catalogue-purpose-submit") }).click();
  await expect(page.getByRole("alert")).toContainText(t("vi", "catalogue-error-no-categories"));

  await fillPurpose(page, purpose, purposeName, mode);
  await page.getByLabel(`Số tài khoản nước (${mode})`).check();
  await page.getByRole("button", { name: t("vi", "catalogue-purpose-submit") }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/purposes\\?added=${purpose}$`));
  await expect(page.getByRole("row").filter({ hasText: purposeName })).toContainText(
    t("vi", "catalogue-basis-consent"),
  );

  const citizen = await asPerson(browser, javaScriptEnabled, "Trần Thị Mai", "/consent");
  await expect(citizen.getByText(purposeName).first()).toBeVisible();

  await page.goto("/admin/changes");
  await expect(page.getByRole("row").filter({ hasText: purpose })).toContainText(
    t("vi", "admin-change-purpose-added"),
  );
  await expect(page.getByRole("row").filter({ hasText: category })).toContainText(
    t("vi", "admin-change-category-added"),
  );
});
