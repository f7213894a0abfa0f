import { defineConfig } from "@playwright/test";

// scripts/test picks a free port, a fresh SQLite folder and the built server;
// these defaults only help when running `npx playwright test` by hand.
const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;
const serverBin = process.env.SERVER_BIN ?? "../target/debug/server";
const dataDir = process.env.E2E_DATA_DIR ?? "/tmp/citizen-privacy-e2e";
const siteRoot = process.env.SITE_ROOT ?? "../target/site";

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL,
    // Most citizens' browsers ask for Vietnamese; tests of other preferences
    // override this (Chromium's own default would be en-US).
    locale: "vi-VN",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "javascript", use: { javaScriptEnabled: true } },
    {
      // Server-rendered pages only: everything must work without WASM.
      // axe is itself a script, so accessibility.spec.ts checks the
      // server-rendered pages from the JavaScript project instead (with the
      // app's own scripts blocked).
      name: "no-javascript",
      use: { javaScriptEnabled: false },
      testIgnore: /(\.hydrate|accessibility)\.spec\.ts$/,
    },
  ],
  webServer: {
    command: serverBin,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      LISTEN_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      SITE_ROOT: siteRoot,
      DEMO_DATA: "true",
      RUST_LOG: "warn",
    },
  },
});
