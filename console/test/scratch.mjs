import { launchBrowser, openPage } from "./browser.mjs";
const base = "http://127.0.0.1:7781";
const c = await launchBrowser();
const p = await openPage(c.browser, []);
const t0 = Date.now(); const log = (m) => console.log(Date.now() - t0, m);
await p.goto(base + "/"); log("goto");
for (const who of [{ actor: "w01", role: "caseworker" }, { actor: "sup-team-0", role: "supervisor", team: "team-0" }, { actor: "cora", role: "compliance_officer" }, { actor: "admin", role: "administrator" }]) {
  await p.evaluate(() => sessionStorage.clear());
  await p.goto(base + "/"); log("goto");
  await p.waitForSelector("#actor");
  await p.type("#actor", who.actor); log("typed");
  await p.select("#role", who.role);
  if (who.team) await p.type("#team", who.team);
  await Promise.all([p.waitForSelector("[data-testid=who]"), p.click("#sign-in button[type=submit]")]); log("signed in " + who.role);
  if (who.role === "supervisor") { await p.waitForSelector("[data-testid=attention] li"); log("attention"); }
  if (who.role.includes("o")) { try { await p.click("#verify-title ~ button"); await p.waitForSelector("[data-testid=head-hash]"); log("verified"); } catch (e) { log(e.message) } }
  await p.screenshot({ path: "/tmp/x.png" }); log("shot");
}
await c.close();
