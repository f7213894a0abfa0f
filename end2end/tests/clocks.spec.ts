// The law's clocks as people read them, with JavaScript on and off: the
// request page explains how its dates were computed, a refusal names its
// legal ground and what the citizen can do next, and the public rules page
// lists every deadline with its source. axe checks each in both languages
// (it runs as a script, so in the JavaScript project; the accessibility
// spec checks the server-rendered pages with the app's scripts blocked).
import { expect, test } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { LANGS, t } from "./locales";
import { asPerson, signIn } from "./people";

test("a refused access request explains its dates and names its ground", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  test.setTimeout(60_000);
  await signIn(page, "Trần Thị Mai", "/requests/new");
  await page.getByLabel(new RegExp(t("vi", "request-kind-access"))).check();
  await page.locator("#agency").selectOption("HN-UBND");
  await page.getByLabel(t("vi", "request-description-label")).fill("Tôi muốn xem hồ sơ sức khỏe của mình.");
  await page.getByRole("button", { name: t("vi", "request-submit") }).click();
  await expect(page).toHaveURL(/\/requests\/YC-\d{4}-\d{6}\?filed=1$/);
  const reference = /YC-\d{4}-\d{6}/.exec(page.url())![0];

  // How the dates were computed: folded until opened, with or without script.
  await page.getByText(t("vi", "rule-explain-summary")).click();
  await expect(page.getByText("Nghị định 356/2025/NĐ-CP, Điều 5 khoản 3").first()).toBeVisible();
  await expect(page.getByRole("link", { name: t("vi", "rule-all-link") })).toBeVisible();

  const dpo = await asPerson(browser, javaScriptEnabled, "Phạm Minh Đức", `/dpo/requests/${reference}`);
  await dpo.getByRole("button", { name: t("vi", "queue-acknowledge-button") }).click();
  await expect(dpo.locator("dd strong.tag").first()).toHaveText(t("vi", "request-status-acknowledged"));
  await dpo.getByLabel(t("vi", "request-decision-refused"), { exact: true }).check();
  await dpo.locator("#reason").selectOption("copy-would-harm");
  await dpo.getByLabel(t("vi", "queue-decide-text")).fill("Hồ sơ có thông tin sức khỏe của người khác.");
  await dpo.getByRole("button", { name: t("vi", "queue-decide-button") }).click();
  await expect(dpo.locator("dd strong.tag").first()).toHaveText(t("vi", "request-status-decided"));

  await page.goto(`/requests/${reference}`);
  await expect(page.getByRole("heading", { name: t("vi", "request-ground-heading") })).toBeVisible();
  await expect(page.getByText("Luật 91/2025/QH15, Điều 15 khoản 2 điểm a")).toBeVisible();
  await expect(page.getByRole("heading", { name: t("vi", "request-ground-next-heading") })).toBeVisible();
  await expect(page.getByText(t("vi", "request-viewed-heading"))).toBeVisible();
  await expect(page.getByText(/Phạm Minh Đức đã mở/).first()).toBeVisible();
  if (javaScriptEnabled) await expectNoViolations(page);
  // The same page in English.
  await page.context().addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.goto(`/requests/${reference}`);
  await expect(page.getByRole("heading", { name: t("en", "request-ground-heading") })).toBeVisible();
  await expect(page.getByText("Law 91/2025/QH15, Art. 15(2)(a)")).toBeVisible();
  if (javaScriptEnabled) await expectNoViolations(page);
});

for (const lang of LANGS) {
  test(`the rules page in ${lang} lists every kind with its source`, async ({
    page,
    context,
    baseURL,
    javaScriptEnabled,
  }) => {
    await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
    await page.goto("/");
    await page.getByRole("link", { name: t(lang, "footer-rules") }).click();
    await expect(page).toHaveURL(/\/rules$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t(lang, "rules-title"));
    for (const kind of ["access", "correction", "deletion", "restriction", "objection", "complaint"]) {
      await expect(page.getByRole("rowheader", { name: t(lang, `request-kind-${kind}`) })).toBeVisible();
    }
    await expect(
      page.getByRole("heading", { name: t(lang, "rules-grounds-heading"), exact: true }),
    ).toBeVisible();
    if (javaScriptEnabled) await expectNoViolations(page);
  });
}
