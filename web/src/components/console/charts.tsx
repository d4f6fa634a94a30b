'use client';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatVnd } from '../../lib/format';
import { useHydrated } from '../Field';

/**
 * The dashboard's charts (recharts), drawn in the browser only: this module is imported by the dashboard page alone,
 * so recharts is in no other page's JavaScript. Each chart has a text table beside it for screen readers and print.
 * No animation: the figures are read at a counter, and a chart that grows from zero reads as empty for a moment.
 */
const compactVnd = (v: number) => new Intl.NumberFormat('vi-VN', { notation: 'compact', maximumFractionDigits: 1 }).format(v);

function Frame({ label, children }: { label: string; children: React.ReactElement }) {
  const hydrated = useHydrated();
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      {hydrated ? (
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}

export function RevenueBars({ data, xKey, label }: { data: Array<{ revenue: number; orders: number } & Record<string, string | number>>; xKey: string; label: string }) {
  return (
    <Frame label={label}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} tick={{ fontSize: 11 }} tickFormatter={(v: string) => v.slice(5)} />
        <YAxis tick={{ fontSize: 11 }} tickFormatter={compactVnd} width={56} />
        <Tooltip formatter={(v) => formatVnd(Number(v))} labelFormatter={(l) => String(l)} />
        <Bar dataKey="revenue" name="Doanh thu" fill="#047857" radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

export function CountLine({ data, xKey, yKey, name, label }: { data: Array<Record<string, string | number>>; xKey: string; yKey: string; name: string; label: string }) {
  return (
    <Frame label={label}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} tick={{ fontSize: 11 }} />
        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={40} />
        <Tooltip />
        <Line type="monotone" dataKey={yKey} name={name} stroke="#047857" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}
