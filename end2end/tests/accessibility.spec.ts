// axe finds no WCAG 2.2 A/AA (or best-practice) violation on any page, in
// either language: once as the server renders it, with the app's scripts
// blocked (what a visitor without JavaScript gets), and once with its
// islands awake (a page without islands loads no script of ours at all).
import { expect, type Page, test } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { LANGS } from "./locales";

const PAGES = [
  "/",
  "/privacy",
  "/accessibility",
  "/officers",
  "/rules",
  "/no/such/page",
  "/auth/failed?reason=invalid-token",
  "/auth/signed-out",
  "/auth/level-2?next=/account",
  `/email/confirm?token=${"ab".repeat(32)}`,
  "/email/confirm?failed=1",
];

// Pages behind sign-in, visited as the demo citizen.
const SIGNED_IN_PAGES = [
  "/account",
  "/account/activity",
  "/data",
  "/data/holdings",
  "/data/sharing",
  "/data/sharing?agency=NOBODY",
  "/consent",
];

// Pages that need a particular person: the demo citizen has consent
// decisions, receipts and two children (representation 1 is her son of
// 11); the DPO and the administrator have pages of their own.
// The demo's first request (filed at start-up, this year).
const DEMO_REQUEST = `YC-${new Date().getFullYear()}-000001`;

const PERSONAL_PAGES: [string, string][] = [
  ["Trần Thị Mai", "/requests"],
  ["Trần Thị Mai", "/requests/new"],
  ["Trần Thị Mai", `/requests/${DEMO_REQUEST}`],
  ["Trần Thị Mai", "/notifications"],
  ["Phạm Minh Đức", "/dpo/requests"],
  ["Phạm Minh Đức", "/dpo/requests?kind=objection&overdue=1"],
  ["Phạm Minh Đức", `/dpo/requests/${DEMO_REQUEST}`],
  ["Phạm Minh Đức", "/notifications"],
  ["Trần Thị Mai", "/consent"],
  ["Trần Thị Mai", "/consent?for=1"],
  ["Trần Thị Mai", "/consent/history"],
  ["Trần Thị Mai", "/consent/purposes/insurance-reminders"],
  ["Trần Thị Mai", "/consent/purposes/tax"],
  ["Trần Thị Mai", "/consent/purposes/school-prize-publication?for=1"],
  ["Trần Thị Mai", "/consent/receipts/00000000-0000-7000-8000-000000000001"],
  ["Phạm Minh Đức", "/dpo/consent-flags"],
  ["Phạm Minh Đức", "/dpo/deferred"],
  ["Hoàng Thu Hà", "/admin/purposes"],
  ["Hoàng Thu Hà", "/admin/purposes/health-research"],
  ["Hoàng Thu Hà", "/admin/calendar?year=2026"],
  ["Hoàng Thu Hà", "/admin/calendar?year=2028"],
  ["Hoàng Thu Hà", "/admin/people"],
  ["Hoàng Thu Hà", "/admin/people/new"],
  ["Hoàng Thu Hà", "/admin/people/1"],
  ["Hoàng Thu Hà", "/admin/changes"],
  ["Hoàng Thu Hà", "/admin/officers"],
  ["Hoàng Thu Hà", "/admin/officers/HUE"],
  ["Hoàng Thu Hà", "/admin/agencies"],
  ["Hoàng Thu Hà", "/admin/agencies/new"],
  ["Hoàng Thu Hà", "/admin/agencies/BCA"],
  ["Hoàng Thu Hà", "/admin/categories"],
  ["Hoàng Thu Hà", "/admin/purposes/new"],
  ["Vũ Ngọc Sơn", "/admin/changes"],
  ["Vũ Ngọc Sơn", "/admin/people"],
];

async function signIn(page: Page, name: string) {
  await page.goto("/auth/sign-in?next=/account");
  await page.getByLabel(name).check();
  await page.locator("button[value=approve]").click();
  await expect(page).toHaveURL(/\/account$/);
}

// With scripts: every island on the page has come to life.
async function awaitIslands(page: Page) {
  const islands = await page.locator("leptos-island").count();
  if (islands > 0) {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.locator(".character-count[data-live]")).toHaveCount(islands);
  }
}

for (const lang of LANGS) {
  for (const path of PAGES) {
    for (const mode of ["server-rendered", "hydrated"] as const) {
      test(`${path} in ${lang}, ${mode}, has no axe violations`, async ({ page, context, baseURL }) => {
        await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
        if (mode === "server-rendered") {
          await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
        }
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        if (mode === "hydrated") {
          await awaitIslands(page);
        } else {
          await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
        }
        await expectNoViolations(page);
      });
    }
  }
}

for (const lang of LANGS) {
  for (const path of SIGNED_IN_PAGES) {
    for (const mode of ["server-rendered", "hydrated"] as const) {
      test(`${path} in ${lang}, ${mode}, signed in, has no axe violations`, async ({ page, context, baseURL }) => {
        await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
        await signIn(page, "Lê Văn Hùng");
        if (mode === "server-rendered") {
          await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
        }
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        if (mode === "hydrated") {
          await awaitIslands(page);
        }
        await expect(page.locator("main h1")).toBeVisible();
        await expectNoViolations(page);
      });
    }
  }

  for (const [person, path] of PERSONAL_PAGES) {
    for (const mode of ["server-rendered", "hydrated"] as const) {
      test(`${path} in ${lang}, ${mode}, as ${person}, has no axe violations`, async ({ page, context, baseURL }) => {
        await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
        await signIn(page, person);
        if (mode === "server-rendered") {
          await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
        }
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        if (mode === "hydrated") {
          await awaitIslands(page);
        }
        await expect(page.locator("main h1")).toBeVisible();
        await expectNoViolations(page);
      });
    }
  }

  test(`the development sign-in page in ${lang} has no axe violations, with and without errors`, async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
    await page.goto("/auth/sign-in?next=/account");
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expectNoViolations(page);
    await page.locator("#persona-custom").check();
    await page.locator("button[value=approve]").click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expectNoViolations(page);
  });
}
