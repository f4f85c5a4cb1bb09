/**
 * A dependency-free SVG line chart: median latency per pick (log scale) against the number of versions (log
 * scale), one line per implementation, floors as dashed horizontal lines.
 */
export interface Series {
  readonly name: string;
  readonly points: readonly { readonly n: number; readonly ns: number }[];
  readonly emphasis?: boolean;
}

export interface Floor {
  readonly name: string;
  readonly ns: number;
}

const WIDTH = 900;
const HEIGHT = 460;
const MARGIN = { left: 70, right: 260, top: 56, bottom: 50 };
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const US_COLOR = '#d62728';

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function decade(value: number, direction: 'floor' | 'ceil'): number {
  return 10 ** Math[direction](Math.log10(value));
}

export function latencyChart(title: string, subtitle: string, series: readonly Series[], floors: readonly Floor[]): string {
  const ns = [...series.flatMap((s) => s.points.map((p) => p.ns)), ...floors.map((f) => f.ns)];
  const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.n)))].sort((a, b) => a - b);
  const yMin = decade(Math.min(...ns), 'floor');
  const yMax = decade(Math.max(...ns), 'ceil');
  const xMin = Math.min(...sizes);
  const xMax = Math.max(...sizes);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number): number => MARGIN.left + ((Math.log10(n) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<text x="${MARGIN.left}" y="42" fill="#444444">${escape(subtitle)}</text>`,
  ];
  for (let v = yMin; v <= yMax * 1.0001; v *= 10) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dddddd"/>`);
    const label = v >= 1000 ? `${v / 1000} µs` : `${v} ns`;
    out.push(`<text x="${MARGIN.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${label}</text>`);
  }
  for (const n of sizes) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eeeeee"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${n}</text>`);
  }
  out.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">versions in the alias (n)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">median time per pick</text>`,
  );
  const legend: string[] = [];
  floors.forEach((floor, i) => {
    const yy = y(floor.ns).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${yy}" y2="${yy}" stroke="#000000" stroke-dasharray="${i === 0 ? '6 4' : '2 3'}"/>`);
    legend.push(`<line x1="0" x2="24" y1="0" y2="0" stroke="#000000" stroke-dasharray="${i === 0 ? '6 4' : '2 3'}"/><text x="30" y="4">${escape(floor.name)}</text>`);
  });
  let color = 0;
  for (const s of series) {
    const stroke = s.emphasis === true ? US_COLOR : (PALETTE[color++ % PALETTE.length] as string);
    const width = s.emphasis === true ? 3 : 1.5;
    const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.n).toFixed(1)},${y(p.ns).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${stroke}" stroke-width="${width}"/>`);
    for (const p of s.points) out.push(`<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.ns).toFixed(1)}" r="${width + 1}" fill="${stroke}"/>`);
    legend.push(`<line x1="0" x2="24" y1="0" y2="0" stroke="${stroke}" stroke-width="${width}"/><text x="30" y="4"${s.emphasis === true ? ' font-weight="bold"' : ''}>${escape(s.name)}</text>`);
  }
  legend.forEach((item, i) => out.push(`<g transform="translate(${MARGIN.left + plotW + 20} ${MARGIN.top + 10 + i * 22})">${item}</g>`));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
