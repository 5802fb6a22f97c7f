// The analytics page's charts: plain SVG drawn with visx scales and shapes, so the server sends
// the finished picture (no measuring, no animation, no JavaScript needed) and each chart is one
// image to a screen reader, named by its figure's heading; the numbers are in a table beside it.
// Colours keep at least 4.5:1 against white; stacked segments are parted by white lines.
import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, BarStack } from "@visx/shape";
import type { ReactNode } from "react";
import { scrollRegion } from "~/components/scroll-region";

const TEXT = "#334155"; // slate-700
const MUTED = "#e2e8f0"; // slate-200
export const BAR = "#0f766e"; // teal-700

type Row = { key: string; label: string; value: number; valueText: string };

/**
 * Horizontal bars, the label above each bar and the number at its end: long labels need no room
 * on the left. `max` puts two charts of one figure on the same scale.
 */
export function HorizontalBars({ rows, labelledBy, width = 640, max }: { rows: Row[]; labelledBy: string; width?: number; max?: number }) {
  const rowHeight = 44;
  const barHeight = 18;
  const valueRoom = 56;
  const height = rows.length * rowHeight + 4;
  const x = scaleLinear<number>({ domain: [0, Math.max(1, max ?? 0, ...rows.map((r) => r.value))], range: [0, width - valueRoom] });
  return (
    <svg role="img" aria-labelledby={labelledBy} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-2xl">
      {rows.map((r, i) => {
        const top = i * rowHeight;
        const barWidth = r.value > 0 ? Math.max(2, x(r.value)) : 0;
        return (
          <Group key={r.key} top={top}>
            <text x={0} y={14} fontSize={13} fill={TEXT}>
              {r.label}
            </text>
            <Bar x={0} y={20} width={barWidth} height={barHeight} fill={BAR} />
            <text x={barWidth + 6} y={20 + barHeight - 4} fontSize={13} fontWeight={600} fill={TEXT}>
              {r.valueText}
            </text>
          </Group>
        );
      })}
    </svg>
  );
}

/** Shares out of 100%: a grey track with the share filled in, or no fill when there is no share yet. */
export function RateBars({
  rows,
  labelledBy,
  width = 640,
}: {
  rows: { key: string; label: string; rate: number | null; valueText: string }[];
  labelledBy: string;
  width?: number;
}) {
  const rowHeight = 52;
  const barHeight = 22;
  const height = rows.length * rowHeight;
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, width] });
  return (
    <svg role="img" aria-labelledby={labelledBy} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-2xl">
      {rows.map((r, i) => (
        <Group key={r.key} top={i * rowHeight}>
          <text x={0} y={14} fontSize={13} fill={TEXT}>
            <tspan fontWeight={600}>{r.label}</tspan>
            <tspan dx={8}>{r.valueText}</tspan>
          </text>
          <Bar x={0} y={22} width={width} height={barHeight} fill={MUTED} />
          {r.rate !== null ? <Bar x={0} y={22} width={x(r.rate)} height={barHeight} fill={BAR} /> : null}
        </Group>
      ))}
    </svg>
  );
}

export type Series = { key: string; label: string; color: string };

/** Columns per period, stacked by series, with a count axis and a legend under the picture. */
export function StackedColumns({
  columns,
  series,
  labelledBy,
  width = 720,
  height = 300,
}: {
  columns: { key: string; label: string; counts: Record<string, number> }[];
  series: Series[];
  labelledBy: string;
  width?: number;
  height?: number;
}) {
  const margin = { top: 10, right: 8, bottom: 36, left: 40 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...columns.map((c) => series.reduce((sum, s) => sum + (c.counts[s.key] ?? 0), 0)));
  const x = scaleBand<string>({ domain: columns.map((c) => c.key), range: [0, innerWidth], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true });
  const labels = new Map(columns.map((c) => [c.key, c.label]));
  const colours = new Map(series.map((s) => [s.key, s.color]));
  const data = columns.map((c) => ({ key: c.key, ...Object.fromEntries(series.map((s) => [s.key, c.counts[s.key] ?? 0])) }));
  return (
    <div>
      <svg role="img" aria-labelledby={labelledBy} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-3xl">
        <Group left={margin.left} top={margin.top}>
          <BarStack<(typeof data)[number], string>
            data={data}
            keys={series.map((s) => s.key)}
            x={(d) => d.key}
            xScale={x}
            yScale={y}
            color={(key) => colours.get(String(key)) ?? BAR}
          >
            {(stacks) =>
              stacks.flatMap((stack) =>
                stack.bars
                  .filter((bar) => bar.height > 0)
                  .map((bar) => (
                    <rect
                      key={`${stack.key}-${bar.index}`}
                      x={bar.x}
                      y={bar.y}
                      width={bar.width}
                      height={bar.height}
                      fill={bar.color}
                      stroke="#fff"
                      strokeWidth={1}
                    />
                  )),
              )
            }
          </BarStack>
          <AxisLeft
            scale={y}
            tickValues={y.ticks(5).filter(Number.isInteger)}
            tickFormat={(v) => String(v)}
            stroke={TEXT}
            tickStroke={TEXT}
            tickLabelProps={{ textAnchor: "end", dx: -4, dy: "0.32em" }}
            tickComponent={TickLabel}
          />
          <AxisBottom
            top={innerHeight}
            scale={x}
            tickFormat={(key) => labels.get(key) ?? key}
            stroke={TEXT}
            tickStroke={TEXT}
            tickLabelProps={{ textAnchor: "middle", dy: "0.25em" }}
            tickComponent={TickLabel}
          />
        </Group>
      </svg>
      <Legend series={series} />
    </div>
  );
}

// A plain <text>: visx's own tick label wraps each one in an <svg style="overflow: visible">,
// an inline style the page's Content-Security-Policy refuses, which would clip the labels.
function TickLabel({ x, y, dx, dy, textAnchor, formattedValue }: TickRendererProps) {
  return (
    <text x={x} y={y} dx={dx} dy={dy} textAnchor={textAnchor} fontSize={11} fill={TEXT}>
      {formattedValue}
    </text>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <svg aria-hidden="true" width={12} height={12} className="shrink-0">
            <rect width={12} height={12} fill={s.color} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** A chart with its heading, a sentence on what it counts, its numbers and its CSV file. */
export function ChartFigure({
  id,
  title,
  description,
  csvHref,
  csvLabel,
  tableLabel,
  table,
  children,
}: {
  id: string;
  title: string;
  description: string;
  csvHref: string;
  csvLabel: string;
  tableLabel: string;
  table: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="card space-y-4" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{description}</p>
      </figcaption>
      {children}
      {table ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-teal-800">{tableLabel}</summary>
          <div className="mt-2 overflow-x-auto" {...scrollRegion(title)}>
            {table}
          </div>
        </details>
      ) : null}
      <p>
        {/* A file download: the browser fetches it, not the client router. */}
        <a href={csvHref} download className="link text-sm">
          {csvLabel}
        </a>
      </p>
    </figure>
  );
}
