// Requests to the DPO, with JavaScript on and off: the demo citizen files a
// correction with a scan; the Hà Nội DPO acknowledges and asks for more;
// she answers with a PDF; the DPO decides; she reads the decision and the
// mail arrives at the local SMTP server. The Huế DPO cannot see it.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { mailFile } from "../playwright.config";
import { t } from "./locales";
import { asPerson, signIn } from "./people";

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("scan of a birth certificate"),
]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n");

function mails(): { to: string[]; subject: string; body: string }[] {
  try {
    return readFileSync(mailFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

test("a correction goes from the citizen to the DPO's decision and back", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const email = `mai.${javaScriptEnabled ? "js" : "nojs"}.${Date.now()}@example.vn`;
  await signIn(page, "Trần Thị Mai", "/requests/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("vi", "request-new-title"));
  await page.getByLabel(new RegExp(t("vi", "request-kind-correction"))).check();
  await page.locator("#agency").selectOption("HN-UBND");
  await page.getByLabel(t("vi", "request-description-label")).fill(
    "Ngày sinh của tôi trên Cổng dịch vụ công bị ghi sai: đúng là 12/05/1990.",
  );
  await page.getByLabel(t("vi", "request-email-label")).fill(email);
  await page.locator("#files").setInputFiles({ name: "khai-sinh.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: t("vi", "request-submit") }).click();

  await expect(page).toHaveURL(/\/requests\/YC-\d{4}-\d{6}\?filed=1$/);
  const reference = /YC-\d{4}-\d{6}/.exec(page.url())![0];
  await expect(page.getByRole("heading", { name: t("vi", "request-filed-heading") })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(page.getByText("dpo.hn@demo.example")).toBeVisible();

  // Nothing but a confirmation link reaches the address until she follows it.
  await expect
    .poll(() => mails().filter((m) => m.to[0] === email).length, { timeout: 15_000 })
    .toBe(1);
  const confirmation = mails().find((m) => m.to[0] === email)!;
  const link = /\/email\/confirm\?token=[0-9a-f]{64}/.exec(confirmation.body)![0];
  await page.goto(link);
  await page.getByRole("button", { name: t("vi", "confirm-email-button") }).click();
  await expect(page.getByText(t("vi", "confirm-email-done"))).toBeVisible();

  // The Hà Nội DPO finds it by reference and acknowledges it.
  const dpo = await asPerson(browser, javaScriptEnabled, "Phạm Minh Đức", "/dpo/requests");
  await dpo.getByLabel(t("vi", "queue-search-label")).fill(reference);
  await dpo.getByRole("button", { name: t("vi", "queue-search-button") }).click();
  await dpo.getByRole("link", { name: reference, exact: true }).click();
  await expect(dpo.getByRole("heading", { level: 1 })).toContainText(reference);
  await dpo.getByRole("button", { name: t("vi", "queue-acknowledge-button") }).click();
  await expect(dpo.locator("dd strong.tag").first()).toHaveText(t("vi", "request-status-acknowledged"));
  await dpo.getByLabel(t("vi", "queue-ask-label")).fill("Xin gửi bản chụp giấy khai sinh.");
  await dpo.getByRole("button", { name: t("vi", "queue-ask-button") }).click();
  await expect(dpo.locator("dd strong.tag").first()).toHaveText(
    t("vi", "request-status-information-requested"),
  );

  // The Huế DPO cannot see it.
  const hue = await asPerson(browser, javaScriptEnabled, "Lê Thị Thu Hằng", "/dpo/requests");
  await expect(hue.getByRole("link", { name: reference, exact: true })).toHaveCount(0);
  await hue.goto(`/dpo/requests/${reference}`);
  await expect(hue.getByText(t("vi", "error-not-found"))).toBeVisible();
  await expect(hue.getByText("Ngày sinh của tôi")).toHaveCount(0);

  // The citizen answers with a PDF.
  await page.goto(`/requests/${reference}`);
  await expect(page.getByText("Xin gửi bản chụp giấy khai sinh.")).toBeVisible();
  await page.getByLabel(t("vi", "request-message-label")).fill("Tôi gửi kèm bản chụp.");
  await page.locator("#files").setInputFiles({ name: "ban-chup.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: t("vi", "request-message-send") }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${reference}$`));
  await expect(page.getByRole("link", { name: "ban-chup.pdf" })).toBeVisible();

  // The DPO decides.
  await dpo.goto(`/dpo/requests/${reference}`);
  await expect(dpo.getByRole("link", { name: "ban-chup.pdf" })).toBeVisible();
  await dpo.getByLabel(t("vi", "request-decision-granted"), { exact: true }).check();
  await dpo.locator("#reason").selectOption("done-as-asked");
  await dpo.getByLabel(t("vi", "queue-decide-text")).fill("Đã sửa ngày sinh.");
  await dpo.getByRole("button", { name: t("vi", "queue-decide-button") }).click();
  await expect(dpo.locator("dd strong.tag").first()).toHaveText(t("vi", "request-status-decided"));

  // The citizen reads it, and the mail has arrived.
  await page.goto(`/requests/${reference}`);
  await expect(page.locator("dd strong.tag").first()).toHaveText(t("vi", "request-status-decided"));
  await expect(page.getByText("Đã sửa ngày sinh.")).toBeVisible();
  await expect(page.getByText(t("vi", "request-chain-intact"))).toBeVisible();
  await expect
    .poll(() => mails().filter((m) => m.to[0] === email && m.subject.includes(reference)).length, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(3);
  const decided = mails().filter((m) => m.to[0] === email);
  expect(decided[0].body).toContain("/email/confirm?token=");
  expect(decided.every((m) => !m.body.includes("Ngày sinh"))).toBe(true);
});

test("a file with a lying name is refused and the typed request is kept", async ({ page }) => {
  await signIn(page, "Trần Thị Mai", "/requests/new");
  const typed = "Số điện thoại của tôi bị ghi sai một chữ số.";
  await page.getByLabel(new RegExp(t("vi", "request-kind-access"))).check();
  await page.getByLabel(t("vi", "request-description-label")).fill(typed);
  await page.locator("#files").setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: PNG });
  await page.getByRole("button", { name: t("vi", "request-submit") }).click();
  await expect(page).toHaveURL(/\/requests\/new$/);
  await expect(page.getByRole("alert")).toContainText(t("vi", "attachment-error-name"));
  await expect(page.getByLabel(t("vi", "request-description-label"))).toHaveValue(typed);
  await expect(page.getByLabel(new RegExp(t("vi", "request-kind-access")))).toBeChecked();
});
