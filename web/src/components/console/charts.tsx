'use client';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { useParentSize } from '@visx/responsive';
import { scaleBand, scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import { formatVnd } from '../../lib/format';

/**
 * The dashboard's charts, drawn as SVG with visx (d3 scales + React): this module is imported by the dashboard page
 * alone. Not recharts: it keeps its chart state in Redux Toolkit, the storefront's own state library, and the bundler
 * keeps a shared package's exports for the whole app, so recharts grew every storefront page's Redux chunk by 1.6 KiB
 * gzip (ADR 0023). Each chart has a text table beside it for screen readers and print; each bar and point carries its
 * figure as a native tooltip (`<title>`). No animation: the figures are read at a counter.
 */
const compactVnd = (v: number) => new Intl.NumberFormat('vi-VN', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
const HEIGHT = 256;
const MARGIN = { top: 8, right: 8, bottom: 24, left: 56 };
const GREEN = '#047857';
const tick = { fontSize: 11, fill: '#475569' } as const;

/** A chart area that follows its container's width (the SVG is drawn once the width is known, in the browser). */
function Frame({ label, children }: { label: string; children: (width: number) => React.ReactNode }) {
  const { parentRef, width } = useParentSize({ debounceTime: 50 });
  return (
    <div ref={parentRef} role="img" aria-label={label} className="h-64 w-full">
      {width > 0 ? (
        <svg width={width} height={HEIGHT} aria-hidden="true">
          {children(width)}
        </svg>
      ) : null}
    </div>
  );
}

/** Every n-th label, so the axis stays readable with 30 days. */
const everyNth = <T,>(xs: readonly T[], max: number) => xs.filter((_, i) => i % Math.max(1, Math.ceil(xs.length / max)) === 0);

export function RevenueBars({ data, xKey, label }: { data: Array<{ revenue: number; orders: number } & Record<string, string | number>>; xKey: string; label: string }) {
  const keys = data.map((d) => String(d[xKey]));
  const top = Math.max(1, ...data.map((d) => d.revenue));
  return (
    <Frame label={label}>
      {(width) => {
        const innerW = width - MARGIN.left - MARGIN.right;
        const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
        const x = scaleBand<string>({ domain: keys, range: [0, innerW], padding: 0.2 });
        const y = scaleLinear<number>({ domain: [0, top], range: [innerH, 0], nice: true });
        return (
          <Group left={MARGIN.left} top={MARGIN.top}>
            <GridRows scale={y} width={innerW} numTicks={4} stroke="#e2e8f0" strokeDasharray="3 3" />
            {data.map((d, i) => {
              const h = innerH - y(d.revenue);
              return h > 0 ? (
                <Bar key={keys[i]} className="chart-bar" x={x(keys[i]!)} y={y(d.revenue)} width={x.bandwidth()} height={h} fill={GREEN} rx={2}>
                  <title>{`${keys[i]}: ${formatVnd(d.revenue)} · ${d.orders} đơn`}</title>
                </Bar>
              ) : null;
            })}
            <AxisLeft scale={y} numTicks={4} tickFormat={(v) => compactVnd(Number(v))} tickLabelProps={tick} stroke="#94a3b8" tickStroke="#94a3b8" />
            <AxisBottom top={innerH} scale={x} tickValues={everyNth(keys, 10)} tickFormat={(v) => String(v).slice(5)} tickLabelProps={tick} stroke="#94a3b8" tickStroke="#94a3b8" />
          </Group>
        );
      }}
    </Frame>
  );
}

export function CountLine({ data, xKey, yKey, name, label }: { data: Array<Record<string, string | number>>; xKey: string; yKey: string; name: string; label: string }) {
  const keys = data.map((d) => String(d[xKey]));
  const value = (d: Record<string, string | number>) => Number(d[yKey]) || 0;
  const top = Math.max(1, ...data.map(value));
  return (
    <Frame label={label}>
      {(width) => {
        const innerW = width - MARGIN.left - MARGIN.right;
        const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
        const x = scalePoint<string>({ domain: keys, range: [0, innerW], padding: 0.5 });
        const y = scaleLinear<number>({ domain: [0, top], range: [innerH, 0], nice: true });
        return (
          <Group left={MARGIN.left} top={MARGIN.top}>
            <GridRows scale={y} width={innerW} numTicks={4} stroke="#e2e8f0" strokeDasharray="3 3" />
            <LinePath data={data} x={(d) => x(String(d[xKey])) ?? 0} y={(d) => y(value(d))} stroke={GREEN} strokeWidth={2} />
            {data.map((d, i) => (
              <circle key={keys[i]} cx={x(keys[i]!) ?? 0} cy={y(value(d))} r={3} fill={GREEN}>
                <title>{`${keys[i]}: ${value(d)} ${name.toLowerCase()}`}</title>
              </circle>
            ))}
            <AxisLeft scale={y} numTicks={4} tickFormat={(v) => (Number.isInteger(Number(v)) ? String(v) : '')} tickLabelProps={tick} stroke="#94a3b8" tickStroke="#94a3b8" />
            <AxisBottom top={innerH} scale={x} tickFormat={(v) => String(v).slice(5)} tickLabelProps={tick} stroke="#94a3b8" tickStroke="#94a3b8" />
          </Group>
        );
      }}
    </Frame>
  );
}
