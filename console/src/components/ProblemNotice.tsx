// A failed call, said plainly: refusals stand out as refusals.
import { Code } from "@connectrpc/connect";
import { headline, type Problem } from "../errors";

export function ProblemNotice({ problem }: { problem: Problem }) {
  const refused = problem.code === Code.PermissionDenied;
  return (
    <div class={refused ? "notice refused" : "notice problem"} role="alert" data-code={Code[problem.code]}>
      <strong>{headline(problem)}</strong>
      <p>{problem.message}</p>
    </div>
  );
}
