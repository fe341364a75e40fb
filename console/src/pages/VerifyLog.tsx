// Recomputes the log's hash chain on the server and shows its head hash, to publish elsewhere.
import { useState } from "preact/hooks";
import { audit } from "../clients/audit";
import { ProblemNotice } from "../components/ProblemNotice";
import { problemOf, type Problem } from "../errors";
import type { VerifyLogResponse } from "../gen/caseledger/v1/audit_pb";

export function VerifyLog() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ answer?: VerifyLogResponse; problem?: Problem; at?: Date }>({});
  const verify = async () => {
    setBusy(true);
    try {
      setResult({ answer: await audit.verifyLog({}, { timeoutMs: 0 }), at: new Date() });
    } catch (error) {
      setResult({ problem: problemOf(error) });
    } finally {
      setBusy(false);
    }
  };
  const a = result.answer;
  return (
    <section class="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">The log's hash chain</h2>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? "Verifying…" : "Verify the hash chain"}
      </button>
      <div role="status" aria-live="polite" data-testid="verify-result">
        {result.problem && <ProblemNotice problem={result.problem} />}
        {a && a.ok && a.recordsChecked === 0n && <p class="notice ok">The log is empty: nothing to verify yet.</p>}
        {a && a.ok && a.recordsChecked > 0n && (
          <div class="notice ok">
            <strong>Verified: intact</strong>
            <p>
              {a.recordsChecked.toString()} records, positions {a.fromPosition.toString()} to {a.toPosition.toString()}, checked{" "}
              {result.at?.toLocaleTimeString("en-GB")}.
            </p>
            <p>
              Head hash: <code class="hash-full" data-testid="head-hash">{a.lastHash}</code>
            </p>
          </div>
        )}
        {a && !a.ok && (
          <div class="notice refused">
            <strong>Broken at position {a.firstBadPosition.toString()}</strong>
            <p>{a.problem}</p>
          </div>
        )}
      </div>
    </section>
  );
}
