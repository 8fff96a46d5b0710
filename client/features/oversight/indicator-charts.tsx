import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { INDICATOR_KEYS, INDICATOR_TEXT, type IndicatorsReply } from '../../../shared/indicators';

// Only what the two charts use (tree-shaken; this module is reached only from the lazy dashboard chunk).
// SVG keeps the labels as text in the page (readable by screen readers and by the browser test).
echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

function Chart({ option, label, testId }: { option: EChartsCoreOption; label: string; testId: string }) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={box} className="oversight-chart" role="img" aria-label={label} data-testid={testId} />;
}

const LEGEND = INDICATOR_KEYS.map((k) => INDICATOR_TEXT[k].label);

/** The six rates per child unit, with the target as a line. */
export function UnitsChart({ data }: { data: IndicatorsReply }) {
  const option: EChartsCoreOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '—' : `${String(v)}%`) },
    legend: { data: LEGEND, top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: data.units.map((u) => u.unitName) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: INDICATOR_KEYS.map((key, i) => ({
      name: INDICATOR_TEXT[key].label,
      type: 'bar',
      data: data.units.map((u) => percent(u.figures[key].rate)),
      ...(i === 0
        ? {
            markLine: {
              symbol: 'none',
              data: [{ yAxis: Math.round(data.target * 100), name: '目标' }],
              label: { formatter: `目标 ${Math.round(data.target * 100)}%` },
            },
          }
        : {}),
    })),
  };
  return <Chart option={option} label={`各单位督导指标（${data.period.label}）`} testId="units-chart" />;
}

/** The trend of the six rates by month of the period's year. */
export function TrendChart({ data }: { data: IndicatorsReply }) {
  const option: EChartsCoreOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '—' : `${String(v)}%`) },
    legend: { data: LEGEND, top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: data.trend.map((t) => `${Number(t.month.slice(5, 7))}月`) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: INDICATOR_KEYS.map((key) => ({
      name: INDICATOR_TEXT[key].label,
      type: 'line',
      connectNulls: true,
      data: data.trend.map((t) => percent(t.figures[key].rate)),
    })),
  };
  return <Chart option={option} label={`${data.unit.name}各月指标趋势`} testId="trend-chart" />;
}
