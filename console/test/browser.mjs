// Debian's chromium driven by puppeteer-core: no browser is downloaded, nothing leaves the machine.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "caseledger-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    // Over a pipe, chromium ends when this process does, however it ends.
    pipe: true,
    userDataDir: profile,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A page at 1280x800 that records what the console's CSP refused and what failed in the page.
export async function openPage(browser, complaints) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text())) {
      complaints.push(message.text());
    }
  });
  page.on("pageerror", (error) => complaints.push(`page error: ${error.message}`));
  return page;
}

// Signs in before the console's script runs, as the sign-in form would (sessionStorage).
export async function signedInAs(page, who) {
  const session = { kind: "development", actor: who.actor, role: who.role, team: who.team ?? "", org: "" };
  await page.evaluateOnNewDocument((s) => sessionStorage.setItem("caseledger.session", s), JSON.stringify(session));
}

export async function screenshot(page, folder, name) {
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: false });
}
