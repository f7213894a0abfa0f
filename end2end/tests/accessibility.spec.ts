// axe finds no WCAG 2.2 A/AA (or best-practice) violation on any page, in
// either language: once as the server renders it, with the app's scripts
// blocked (what a visitor without JavaScript gets), and once hydrated.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { LANGS } from "./locales";

const PAGES = ["/", "/privacy", "/accessibility", "/officers", "/no/such/page"];

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
          await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
        } else {
          await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
        }
        const results = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
          .analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
      });
    }
  }
}
