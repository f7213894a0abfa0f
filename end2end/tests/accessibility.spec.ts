// axe finds no WCAG 2.2 A/AA violation on any page, in either language,
// with JavaScript on and off.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { LANGS } from "./locales";

const PAGES = ["/", "/privacy", "/accessibility", "/officers", "/no/such/page"];

for (const lang of LANGS) {
  for (const path of PAGES) {
    test(`${path} in ${lang} has no axe violations`, async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    });
  }
}
