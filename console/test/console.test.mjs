// The console in Debian's chromium against a real caseledgerd filled with the demo's data.
// Usage: CASELEDGERD=... CASELEDGER=... node --test test/console.test.mjs (test/run does it).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { launchBrowser, openPage, screenshot, signedInAs } from "./browser.mjs";
import { auditAccessibility } from "./accessibility.mjs";
import { call, runDemo, startServer } from "./server.mjs";

const consoleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const shots = process.env.CONSOLE_SCREENSHOTS ?? join(consoleDir, "..", "docs", "console");
// The first page's budget: a second, as the issue asks; three against a server built with a
// sanitizer (CTest says which), whose every call is several times slower.
const firstPageBudgetMs = process.env.CASELEDGER_SANITIZE ? 3000 : 1000;

const w01 = { actor: "w01", role: "caseworker" };
const w02 = { actor: "w02", role: "caseworker" };
const busy = { actor: "w17", role: "caseworker" };
const supervisor = { actor: "sup-team-0", role: "supervisor", team: "team-0" };
const cora = { actor: "cora", role: "compliance_officer" };
const ines = { actor: "ines", role: "inspector", team: "insp-north" };
const admin = { actor: "admin", role: "administrator" };

let server;
let chromium;
// What the CSP refused, or what threw in a page, across every test.
const complaints = [];

// Opens 200 cases in team-0 and allocates them to w17, a caseload far past the safe level.
async function giveW17TwoHundredCases() {
  const ids = Array.from({ length: 200 }, (_, i) => `load-${String(i + 1).padStart(3, "0")}`);
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (caseId) => {
        await call(server, "CaseCommands/OpenCase", {
          header: { commandId: `open-${caseId}`, caseId },
          kind: "ADVICE",
          category: "housing",
          clientRef: `C-${caseId}`,
          complexity: "MEDIUM",
          teamId: "team-0",
        }, supervisor);
        await call(server, "CaseCommands/AssignCase", {
          header: { commandId: `assign-${caseId}`, caseId },
          workerId: "w17",
          teamId: "team-0",
        }, supervisor);
      }),
    );
  }
}

before(async () => {
  server = await startServer({ caseledgerd: process.env.CASELEDGERD, consoleDir: join(consoleDir, "dist") });
  await runDemo(process.env.CASELEDGER, server);
  await giveW17TwoHundredCases();
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

async function page(who) {
  const p = await openPage(chromium.browser, complaints);
  if (who) await signedInAs(p, who);
  return p;
}

async function text(p, selector) {
  await p.waitForSelector(selector);
  return p.$eval(selector, (e) => e.textContent ?? "");
}

// A live case of `who`'s own caseload, as the API lists it.
async function aCaseOf(who) {
  const list = await call(server, "Caseload/ListCaseload", { workerId: who.actor, statuses: ["LIVE"] }, who);
  assert.ok(list.items?.length > 0, `${who.actor} has live cases`);
  return list.items[0].summary;
}

test("each role signs in through the form and sees its own first page", async () => {
  const p = await page();
  await p.goto(server.base + "/");
  await p.waitForSelector("#sign-in");
  await screenshot(p, shots, "sign-in");
  for (const who of [w01, supervisor, cora, ines, admin]) {
    await p.evaluate(() => sessionStorage.clear());
    await p.goto(server.base + "/");
    await p.waitForSelector("#actor");
    await p.type("#actor", who.actor);
    // Picking one of the demo's people fills in their role and team.
    assert.equal(await p.$eval("#role", (s) => s.value), who.role);
    if (who.team) assert.equal(await p.$eval("#team", (i) => i.value), who.team);
    await Promise.all([p.waitForSelector("[data-testid=who]"), p.click("#sign-in button[type=submit]")]);
    assert.match(await text(p, "[data-testid=who]"), new RegExp(`^${who.actor}, `));
    if (who.role === "caseworker" || who.role === "inspector") {
      const api = await call(server, "Caseload/ListCaseload", { workerId: who.actor, pageSize: 1000 }, who);
      assert.ok(api.total > 0, `${who.actor} has a caseload in the demo`);
      await p.waitForFunction((n) => document.querySelectorAll("[data-testid=caseload] tbody tr").length === n, {}, api.items.length);
      assert.equal(await text(p, "[data-testid=caseload-count]"), `${api.items.length} of ${api.total} open cases`);
    } else if (who.role === "supervisor") {
      await p.waitForSelector("[data-testid=over-limit]");
      await p.waitForSelector("[data-testid=attention] li");
      await p.waitForSelector("[data-testid=unallocated]");
    } else {
      await p.waitForSelector("#verify-title ~ button");
      await p.click("#verify-title ~ button");
      assert.match(await text(p, "[data-testid=head-hash]"), /^[0-9a-f]{64}$/);
    }
    await screenshot(p, shots, who.role.replace(/_/g, "-"));
  }
  // Signing out forgets the session and everything read with it.
  await Promise.all([p.waitForNavigation(), p.click("header.top button")]);
  await p.waitForSelector("#sign-in");
  assert.equal(await p.evaluate(() => sessionStorage.length), 0);
  await p.close();
});

test("a caseworker records a note through the form and sees it on the timeline", async () => {
  const theCase = await aCaseOf(w01);
  const p = await page(w01);
  await p.goto(`${server.base}/cases/${theCase.caseId}`);
  await p.waitForSelector("[data-testid=timeline]");
  const said = `Called the client about the hearing (${Date.now()})`;
  await p.select("#note-form-note-kind", "1");
  await p.select("#note-form-note-contact-type", "3");
  await p.type("#note-form-note-text", said);
  await p.click("#note-form button[type=submit]");
  const shown = await p.waitForFunction(
    (words) => [...document.querySelectorAll("[data-testid=timeline] li")].find((li) => li.textContent.includes(words)),
    { timeout: 10_000 },
    said,
  );
  const entry = await shown.evaluate((li) => ({ type: li.dataset.type, text: li.textContent }));
  assert.equal(entry.type, "NoteRecorded");
  assert.match(entry.text, /by w01 \(caseworker\)/);
  const note = await text(p, "[data-testid=notes] li");
  assert.match(note, /^Fact /);
  assert.ok(note.includes(said), "the newest note heads the notes");
  await p.$eval("[data-testid=timeline] li:last-child", (li) => li.scrollIntoView());
  await screenshot(p, shots, "case-timeline");
  await p.close();
});

test("a bad form shows the server's field error beside the field", async () => {
  const theCase = await aCaseOf(w01);
  const p = await page(w01);
  await p.goto(`${server.base}/cases/${theCase.caseId}`);
  await p.waitForSelector("#note-form");
  await p.select("#note-form-note-kind", "2");
  await p.type("#note-form-note-text", "   ");
  await p.click("#note-form button[type=submit]");
  await p.waitForSelector("#note-form [data-field='note.text'] .field-error");
  const field = await p.$eval("#note-form [data-field='note.text']", (f) => ({
    error: f.querySelector(".field-error").textContent,
    invalid: f.querySelector("textarea").getAttribute("aria-invalid"),
    describedBy: f.querySelector("textarea").getAttribute("aria-describedby"),
    errorId: f.querySelector(".field-error").id,
  }));
  assert.match(field.error, /is required/);
  assert.equal(field.invalid, "true");
  assert.ok(field.describedBy.split(" ").includes(field.errorId), "the error is announced with the field");
  // The contact type was left unchosen too: the server names it, and the form shows it there.
  assert.match(await text(p, "#note-form [data-field='note.contact_type'] .field-error"), /is required/);
  // A field that was fine carries no error.
  assert.equal(await p.$("#note-form [data-field='note.kind'] .field-error"), null);
  await p.$eval("#note-form", (f) => f.scrollIntoView());
  await screenshot(p, shots, "field-errors");
  // The other forms, sent empty, each show the server's complaints beside their own fields.
  for (const [form, fields] of [
    ["deadline-form", ["deadline.kind", "deadline.due_at", "deadline.what"]],
    ["priority-form", ["criterion.risk_of_harm", "rationale"]],
    ["incident-form", ["incident.kind", "incident.severity", "incident.description"]],
  ]) {
    await p.click(`#${form} button[type=submit]`);
    await p.waitForSelector(`#${form} .field-error`);
    for (const field of fields) {
      assert.match(await text(p, `#${form} [data-field='${field}'] .field-error`), /\S/, `${form}: ${field}`);
    }
  }
  await p.close();
});

test("a supervisor sees the team's workload chart with the workers over the safe level marked", async () => {
  const api = await call(server, "Caseload/GetWorkload", { teamId: "team-0" }, supervisor);
  const over = api.workers.filter((w) => w.overLimit).map((w) => w.workerId).sort();
  assert.ok(over.includes("w17"), "w17, with 200 cases, is over the safe level");
  const p = await page(supervisor);
  await p.goto(server.base + "/");
  const marked = await p.waitForSelector("[data-testid=over-limit]");
  assert.deepEqual((await marked.evaluate((e) => e.dataset.workers)).split(" ").sort(), over);
  assert.match(await marked.evaluate((e) => e.textContent), /Over the safe level: .*w17/);
  // The chart is drawn: its canvas holds more than one colour.
  await p.waitForFunction(() => {
    const canvas = document.querySelector("[data-testid=team-workload] canvas");
    if (!canvas || canvas.width === 0) return false;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 4; i < pixels.length; i += 4) if (pixels[i] !== pixels[0] || pixels[i + 3] !== pixels[3]) return true;
    return false;
  });
  const label = await p.$eval("[data-testid=team-workload] canvas", (c) => c.getAttribute("aria-label"));
  assert.match(label, /over it: .*w17/);
  const rows = await p.$$eval("[data-testid=workload-table] tbody tr", (trs) =>
    trs.map((tr) => [tr.querySelector("th").textContent, tr.lastElementChild.textContent]),
  );
  for (const [worker, against] of rows) assert.equal(against, over.includes(worker) ? "Over" : "Within", worker);
  await p.waitForSelector("[data-testid=caseload] tbody tr");
  await p.waitForFunction(() => !document.querySelector("#unallocated-title").textContent.includes("…"));
  await screenshot(p, shots, "supervisor-workload");
  await p.close();
});

// A case whose priority changed: the revision of an earlier decision, its RAG, and the RAG now.
async function aChangedPriority() {
  for (let n = 1; n <= 60; n++) {
    const caseId = `d1-${String(n).padStart(5, "0")}`;
    const history = await call(server, "Audit/GetCaseHistory", { caseId, pageSize: 1000 }, cora);
    const decisions = (history.entries ?? [])
      .map((e) => ({ revision: Number(e.record.streamRevision), event: e.event.priorityAssessed ?? e.event.priorityOverridden }))
      .filter((d) => d.event);
    const now = decisions[decisions.length - 1];
    const earlier = decisions.find((d) => d.event.rag !== now?.event.rag);
    if (earlier) return { caseId, revision: earlier.revision, then: earlier.event.rag, now: now.event.rag };
  }
  throw new Error("no demo case among the first 60 had its priority changed");
}

test("a compliance officer scrubs the replay to an earlier revision and sees the earlier priority", async () => {
  const changed = await aChangedPriority();
  const label = (rag) => rag.charAt(0) + rag.slice(1).toLowerCase();
  const p = await page(cora);
  await p.goto(`${server.base}/cases/${changed.caseId}`);
  await p.waitForSelector("#replay-revision");
  await p.$eval(
    "#replay-revision",
    (input, revision) => {
      input.value = String(revision);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    },
    changed.revision,
  );
  await p.waitForFunction(
    (revision) => document.querySelector("[data-testid=replay-table] caption")?.textContent.startsWith(`Revision ${revision} `),
    {},
    changed.revision,
  );
  const row = await p.$eval("[data-testid=replay-table] tr[data-row=Priority]", (tr) => ({
    then: tr.children[1].textContent,
    now: tr.children[2].textContent,
    changed: tr.children[3].textContent,
  }));
  assert.match(row.then, new RegExp(`^${label(changed.then)}`));
  assert.match(row.now, new RegExp(`^${label(changed.now)}`));
  assert.equal(row.changed, "Changed");
  await p.$eval("[data-testid=replay]", (e) => e.scrollIntoView());
  await screenshot(p, shots, "replay");
  await p.close();
});

test("a caseworker of another team is refused a case page, and the refusal is on record", async () => {
  const theirs = await aCaseOf(w01);
  assert.equal(theirs.teamId, "team-1");
  const p = await page(w02);
  await p.goto(`${server.base}/cases/${theirs.caseId}`);
  const refusal = await p.waitForSelector("[data-testid=case-refused] [role=alert]");
  assert.equal(await refusal.evaluate((e) => e.dataset.code), "PermissionDenied");
  assert.match(await refusal.evaluate((e) => e.textContent), /^Refused/);
  assert.equal(await p.$("[data-testid=timeline]"), null, "nothing of the case is shown");
  const access = await call(server, "Audit/ListCaseAccess", { caseId: theirs.caseId, pageSize: 1000 }, cora);
  assert.ok(
    access.entries.some((e) => e.access.actor === "w02" && !e.access.granted),
    "the refusal of w02 is recorded",
  );
  await screenshot(p, shots, "refused");
  await p.close();
});

test("lists and timelines update as events commit, without reloading the page", async () => {
  // A caseworker's caseload gains a case allocated to them elsewhere.
  const p = await page(w01);
  await p.goto(server.base + "/");
  const before = await p.waitForSelector("[data-testid=caseload-count]");
  const count = await before.evaluate((e) => e.textContent);
  await call(server, "CaseCommands/OpenCase", {
    header: { commandId: "open-live-1", caseId: "live-1" },
    kind: "ADVICE", category: "debt", clientRef: "C-live-1", complexity: "LOW", teamId: "team-1",
  }, { actor: "sup-team-1", role: "supervisor", team: "team-1" });
  await call(server, "CaseCommands/AssignCase", {
    header: { commandId: "assign-live-1", caseId: "live-1" }, workerId: "w01", teamId: "team-1",
  }, { actor: "sup-team-1", role: "supervisor", team: "team-1" });
  await p.waitForSelector("[data-testid=caseload] a[href='/cases/live-1']", { timeout: 15_000 });
  assert.notEqual(await text(p, "[data-testid=caseload-count]"), count);
  await p.close();

  // A compliance officer watching the case sees a note recorded by its worker arrive on the
  // timeline, through the log's stream.
  const watcher = await page(cora);
  await watcher.goto(`${server.base}/cases/live-1`);
  await watcher.waitForSelector("[data-testid=timeline] li");
  await call(server, "CaseCommands/RecordNote", {
    header: { commandId: "note-live-1", caseId: "live-1" },
    note: { kind: "FACT", contactType: "PHONE", text: "First call with the client" },
  }, w01);
  await watcher.waitForSelector("[data-testid=timeline] li[data-type=NoteRecorded]", { timeout: 15_000 });
  assert.match(await text(watcher, "[data-testid=notes] li"), /First call with the client/);
  await watcher.close();
});

test("a supervisor allocates an unallocated case through its form", async () => {
  const p = await page(supervisor);
  await p.goto(server.base + "/");
  const form = await p.waitForSelector("[data-testid=unallocated] form");
  const formId = await form.evaluate((f) => f.id);
  const caseId = formId.replace(/^allocate-/, "");
  await p.type(`#${formId}-worker-id`, "w02");
  await p.click(`#${formId} button[type=submit]`);
  await p.waitForFunction((id) => !document.getElementById(id), { timeout: 15_000 }, formId);
  const view = await call(server, "Caseload/GetCase", { caseId }, supervisor);
  assert.equal(view.state.workerId, "w02");
  await p.close();
});

test("a supervisor reviews a file through its form, and the review is on the timeline", async () => {
  const theCase = await aCaseOf({ actor: "w02", role: "caseworker" });
  const p = await page(supervisor);
  await p.goto(`${server.base}/cases/${theCase.caseId}`);
  await p.waitForSelector("#review-form");
  await p.type("#review-form-review-findings", "Advice sound; the landlord's letter is not on file");
  await p.type("#review-form-review-actions-required", "Put the landlord's letter on file");
  await p.type("#review-form-review-feedback-given", "Discussed after the team meeting");
  await p.select("#review-form-grade-1", "1");
  await p.click("#review-form button[type=submit]");
  const entry = await p.waitForSelector("[data-testid=timeline] li[data-type=FileReviewRecorded]", { timeout: 15_000 });
  assert.match(await entry.evaluate((li) => li.textContent), /landlord's letter is not on file/);
  assert.match(await entry.evaluate((li) => li.textContent), /by sup-team-0 \(supervisor\)/);
  await p.close();
});

test("the first page shows a caseload of 200 cases within a second of navigation", async () => {
  // Three navigations to the first page in one tab, as a caseworker opening and reloading the
  // console; the median is held to the budget, so one stall of the machine does not decide it.
  const times = [];
  const p = await page(busy);
  for (let i = 0; i < 3; i++) {
    await p.goto(server.base + "/");
    await p.waitForFunction(() => document.querySelectorAll("[data-testid=caseload] tbody tr").length === 200);
    times.push(await p.evaluate(() => performance.getEntriesByName("caseload-shown")[0].startTime));
  }
  await screenshot(p, shots, "caseload-200");
  await p.close();
  const median = [...times].sort((a, b) => a - b)[1];
  console.log(
    `first page: 200 cases shown ${times.map((t) => t.toFixed(0)).join(", ")} ms after navigation start; ` +
      `median ${median.toFixed(0)} ms (budget ${firstPageBudgetMs} ms)`,
  );
  assert.ok(median < firstPageBudgetMs, `200 cases shown after ${median} ms (median)`);
});

test("at tablet width the caseworker's first page fits without sideways scrolling", async () => {
  const p = await page(w01);
  await p.setViewport({ width: 768, height: 1024 });
  await p.goto(server.base + "/");
  await p.waitForSelector("[data-testid=caseload] tbody tr");
  const widths = await p.evaluate(() => {
    const table = document.querySelector("[data-testid=caseload]").parentElement;
    return { page: document.documentElement.scrollWidth, view: innerWidth, table: table.scrollWidth, box: table.clientWidth };
  });
  assert.ok(widths.page <= widths.view, `page ${widths.page} px wide in a ${widths.view} px window`);
  assert.ok(widths.table <= widths.box, `caseload ${widths.table} px wide in a ${widths.box} px box`);
  await screenshot(p, shots, "tablet");
  await p.close();
});

test("every control is labelled and all text meets WCAG AA contrast, on each kind of page", async () => {
  const pages = [
    [null, "/"],
    [supervisor, "/"],
    [supervisor, "/cases/d1-00001"],
    [cora, "/"],
    [w01, "/"],
  ];
  for (const [who, path] of pages) {
    const p = await page(who);
    await p.goto(server.base + path);
    await p.waitForSelector(who ? "[data-testid=who]" : "#sign-in");
    await p.waitForNetworkIdle({ idleTime: 300 });
    const found = await p.evaluate(auditAccessibility);
    assert.deepEqual(found.unlabelled, [], `${who?.actor ?? "signed out"} ${path}: controls without a label`);
    assert.deepEqual(found.poor, [], `${who?.actor ?? "signed out"} ${path}: text below 4.5:1`);
    await p.close();
  }
});

test("the keyboard reaches the content first through the skip link", async () => {
  const p = await page(w01);
  await p.goto(server.base + "/");
  await p.waitForSelector("[data-testid=caseload] tbody tr");
  await p.keyboard.press("Tab");
  assert.equal(await p.evaluate(() => document.activeElement.textContent), "Skip to the content");
  await p.keyboard.press("Enter");
  await p.keyboard.press("Tab");
  const focused = await p.evaluate(() => document.activeElement.closest("main") !== null);
  assert.ok(focused, "after the skip link, Tab goes into the page's content");
  await p.close();
});

test("nothing the console does is refused by its Content Security Policy", () => {
  assert.deepEqual(complaints, []);
});

test("the built console, every asset of every page, is under 300 KB gzipped", () => {
  const dist = join(consoleDir, "dist");
  const files = ["index.html", ...readdirSync(join(dist, "assets")).map((f) => join("assets", f))];
  const total = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  console.log(`bundle: ${files.length} files, ${(total / 1024).toFixed(1)} KB gzipped`);
  assert.ok(total < 300 * 1024, `${total} bytes gzipped`);
});
