// caseledgerd for the browser tests: started on free ports over a temporary data folder,
// filled by `caseledger demo`, called over its HTTP API, and always stopped.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function startServer({ caseledgerd, consoleDir }) {
  const dataDir = mkdtempSync(join(tmpdir(), "caseledger-console-"));
  const child = spawn(
    caseledgerd,
    [
      "--data-dir", join(dataDir, "data"),
      "--listen", "127.0.0.1:0",
      "--http-listen", "127.0.0.1:0",
      "--metrics-listen", "",
      "--console-dir", consoleDir,
      "--durability", "os",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // Whatever happens to the tests, the server does not outlive them: killed on exit, and by a
  // watchdog should this process itself be killed (a CTest timeout).
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const watchdog = spawn(
    "sh",
    [
      "-c",
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null; sleep 1; rm -rf "$0"`,
      dataDir,
    ],
    { detached: true, stdio: "ignore" },
  );
  watchdog.unref();

  let log = "";
  const addresses = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`caseledgerd did not listen within 30 s:\n${log}`)), 30_000);
    const read = (chunk) => {
      log += chunk;
      const grpc = /caseledgerd listening\b.*?address[=":]+([0-9.]+:\d+)/.exec(log);
      const http = /caseledgerd http listening\b.*?address[=":]+([0-9.]+:\d+)/.exec(log);
      if (grpc && http) {
        clearTimeout(timer);
        resolve({ grpc: grpc[1], http: http[1] });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`caseledgerd exited (${code}) before listening:\n${log}`)));
  });

  return {
    ...addresses,
    base: `http://${addresses.http}`,
    log: () => log,
    async stop() {
      process.off("exit", killOnExit);
      watchdog.kill();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// `caseledger demo` against the server: teams team-0 and team-1, workers w01..w16, cora, ines.
export async function runDemo(caseledger, server) {
  const { stdout } = await run(caseledger, ["--server", server.grpc, "demo"], { maxBuffer: 16 << 20 });
  return stdout;
}

// One unary call over the Connect protocol with JSON, as `who`; throws with the server's error.
export async function call(server, method, body, who) {
  const headers = { "content-type": "application/json", "x-caseledger-actor": who.actor, "x-caseledger-role": who.role };
  if (who.team) headers["x-caseledger-team"] = who.team;
  const response = await fetch(`${server.base}/caseledger.v1.${method}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
