// The team's weighted caseloads as bars against the safe level. Workers over it are marked
// three ways: "over" in their label, a hatched bar, and the table beneath.
import type { ChartConfiguration } from "chart.js";
import { useMemo } from "preact/hooks";
import { caseload } from "../clients/caseload";
import { ChartCanvas } from "../components/ChartCanvas";
import { ProblemNotice } from "../components/ProblemNotice";
import type { WorkerLoad } from "../gen/caseledger/v1/caseload_pb";
import { seenPosition } from "../live";
import { useRead } from "../read";

const within = "#1d5fa8";
const over = "#a4161a";

// Diagonal stripes: an over-limit bar differs in more than colour.
function hatch(): CanvasPattern | string {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const g = tile.getContext("2d");
  if (!g) return over;
  g.fillStyle = over;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = "#ffffff";
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.stroke();
  return g.createPattern(tile, "repeat") ?? over;
}

function label(w: WorkerLoad): string {
  return w.overLimit ? `${w.workerId} ▲ over` : w.workerId;
}

function configOf(workers: WorkerLoad[]): ChartConfiguration {
  const stripes = hatch();
  const safe = workers[0]?.safePoints ?? 0;
  return {
    type: "bar",
    data: {
      labels: workers.map(label),
      datasets: [
        {
          type: "bar",
          label: "Weighted points",
          data: workers.map((w) => w.weightedPoints),
          backgroundColor: workers.map((w) => (w.overLimit ? stripes : within)),
          borderColor: workers.map((w) => (w.overLimit ? over : within)),
          borderWidth: 2,
        },
        {
          type: "line",
          label: `Safe level (${safe} points)`,
          data: workers.map((w) => w.safePoints),
          borderColor: "#1f2328",
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 2,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: "weighted points" } } },
      plugins: { legend: { position: "bottom" } },
    },
  };
}

export function TeamWorkload({ teamId }: { teamId: string }) {
  const read = useRead(() => caseload.getWorkload({ teamId, minPosition: seenPosition() }), [teamId]);
  const workers = read.data?.workers ?? [];
  const config = useMemo(() => configOf(workers), [read.data]);
  const overLimit = workers.filter((w) => w.overLimit);
  return (
    <section aria-labelledby="team-workload-title" class="panel wide" data-testid="team-workload">
      <h2 id="team-workload-title">Team workload against the safe level</h2>
      {read.problem && <ProblemNotice problem={read.problem} />}
      {read.data && (
        <>
          <p data-testid="over-limit" data-workers={overLimit.map((w) => w.workerId).join(" ")}>
            {overLimit.length === 0
              ? "Every worker is within the safe level."
              : `Over the safe level: ${overLimit.map((w) => w.workerId).join(", ")}.`}{" "}
            {read.data.unallocated} open cases unallocated.
          </p>
          <ChartCanvas
            config={config}
            height={300}
            label={`Bar chart of weighted points per worker against the safe level; over it: ${
              overLimit.map((w) => w.workerId).join(", ") || "nobody"
            }`}
          />
          <details>
            <summary>The figures as a table</summary>
            <table data-testid="workload-table">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Points</th>
                  <th scope="col">Safe level</th>
                  <th scope="col">Live</th>
                  <th scope="col">Red</th>
                  <th scope="col">Against the level</th>
                </tr>
              </thead>
              <tbody>
                {workers.map((w) => (
                  <tr key={w.workerId} class={w.overLimit ? "over" : ""}>
                    <th scope="row">{w.workerId}</th>
                    <td>{w.weightedPoints.toFixed(1)}</td>
                    <td>{w.safePoints}</td>
                    <td>{w.live}</td>
                    <td>{w.red}</td>
                    <td>{w.overLimit ? <strong>Over</strong> : "Within"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
