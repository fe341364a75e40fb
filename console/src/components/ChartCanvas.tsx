// A Chart.js chart on a canvas, with a text alternative for those who cannot see it.
import type { ChartConfiguration } from "chart.js";
import { useEffect, useRef } from "preact/hooks";

export function ChartCanvas(props: { config: ChartConfiguration; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<{ destroy(): void; update(): void; data: unknown; options: unknown } | null>(null);
  useEffect(() => {
    let cancelled = false;
    import("../charts").then(({ Chart }) => {
      if (cancelled || !canvas.current) return;
      if (chart.current) {
        chart.current.data = props.config.data;
        chart.current.options = props.config.options ?? {};
        chart.current.update();
      } else {
        chart.current = new Chart(canvas.current, props.config);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [props.config]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <div class="chart" style={{ height: `${props.height ?? 280}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
