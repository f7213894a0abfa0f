import { defineConfig } from "@playwright/test";

// scripts/test picks a free port, a fresh SQLite folder and the built server;
// these defaults only help when running `npx playwright test` by hand.
const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;
// A third-party OpenID Connect provider (npm oidc-provider) and a second
// instance of the dashboard that signs in through it.
const providerPort = process.env.E2E_PROVIDER_PORT ?? "3102";
const app2Port = process.env.E2E_APP2_PORT ?? "3103";
export const app2URL = `http://127.0.0.1:${app2Port}`;
const serverBin = process.env.SERVER_BIN ?? "../target/debug/server";
const dataDir = process.env.E2E_DATA_DIR ?? "/tmp/citizen-privacy-e2e";
const siteRoot = process.env.SITE_ROOT ?? "../target/site";
// A local SMTP server (aiosmtpd) that writes every mail it gets, decoded,
// as a JSON line to this file; the dashboard sends its mail there.
const smtpPort = process.env.E2E_SMTP_PORT ?? "3104";
export const mailFile = `${dataDir}/mail.jsonl`;
const aiosmtpdPython =
  process.env.AIOSMTPD_PYTHON ?? `${process.env.HOME}/.cache/citizen-privacy/aiosmtpd/bin/python`;

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
  webServer: [
    {
      // The embedded default: SQLite, demo data, the development provider.
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
        // Every test signs in from 127.0.0.1.
        SIGN_IN_RATE_BURST: "10000",
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_POLL_SECONDS: "1",
      },
    },
    {
      command: `${aiosmtpdPython} ../scripts/smtp-sink.py --port ${smtpPort} --out ${mailFile}`,
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node providers/oidc-provider.mjs",
      url: `http://127.0.0.1:${providerPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
      env: { PROVIDER_PORT: providerPort, APP_URL: app2URL },
    },
    {
      command: serverBin,
      url: `${app2URL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        LISTEN_ADDR: `127.0.0.1:${app2Port}`,
        DATABASE_URL: `sqlite://${dataDir}/e2e-third-party.db`,
        SITE_ROOT: siteRoot,
        DEMO_DATA: "true",
        RUST_LOG: "warn",
        SIGN_IN_RATE_BURST: "10000",
        DEV_IDP: "off",
        OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
        OIDC_CLIENT_ID: "dashboard-e2e",
        OIDC_CLIENT_SECRET: "e2e-secret-for-tests-only",
        OIDC_SCOPES: "openid profile vneid",
      },
    },
  ],
});
