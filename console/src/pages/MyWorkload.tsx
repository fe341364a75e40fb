// One worker's weighted caseload against the agreed safe level.
import { caseload } from "../clients/caseload";
import { ProblemNotice } from "../components/ProblemNotice";
import { seenPosition } from "../live";
import { useRead } from "../read";

export function MyWorkload({ workerId }: { workerId: string }) {
  const read = useRead(() => caseload.getWorkload({ workerId, minPosition: seenPosition() }), [workerId]);
  const load = read.data?.workers.find((w) => w.workerId === workerId) ?? read.data?.total;
  return (
    <section aria-labelledby="workload-title" class="panel">
      <h2 id="workload-title">My workload</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {load && (
        <div data-testid="my-workload">
          <p class="big">
            {load.weightedPoints.toFixed(1)} of {load.safePoints.toFixed(0)} points
            {load.overLimit ? <strong class="flag over"> over the safe level</strong> : " (within the safe level)"}
          </p>
          <meter
            min={0}
            max={Math.max(load.safePoints * 1.5, load.weightedPoints)}
            low={load.safePoints * 0.8}
            high={load.safePoints}
            optimum={0}
            value={load.weightedPoints}
            aria-label="Weighted points against the safe level"
          />
          <p>
            {load.live} live, {load.dormant} dormant: {load.red} red, {load.amber} amber, {load.green} green,{" "}
            {load.unassessed} not assessed
          </p>
        </div>
      )}
    </section>
  );
}
