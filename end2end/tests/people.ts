// Signing in as one of the development provider's demo people.
import { type Browser, expect, type Page } from "@playwright/test";

/** Signs `page` in as `name`, starting at `next`, and waits to be back there. */
export async function signIn(page: Page, name: string, next: string) {
  await page.goto(`/auth/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel(name).check();
  await page.locator("button[value=approve]").click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, "\\?")}$`));
}

/** A page of its own (own cookies) for another person. */
export async function asPerson(browser: Browser, javaScriptEnabled: boolean, name: string, next: string) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "vi-VN" });
  const page = await context.newPage();
  await signIn(page, name, next);
  return page;
}
