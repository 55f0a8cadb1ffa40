/** @jsxImportSource hono/jsx */
import type { ReplayReport } from '../../services/scoring/replay';

type ScoreCount = ReplayReport['distribution'][number];

// Hand-written SVG: two series of bars on one axis is a few dozen lines, and the chart libraries
// that render SVG on the server bring a DOM shim or a browser bundle we would not otherwise ship.

export type Bin = { from: number; to: number; now: number; draft: number };

/** Ten equal bins from 0 to the highest score of either series (negative scores fall in the first). */
export function binScores(counts: readonly ScoreCount[], count = 10): Bin[] {
  const top = Math.max(1, ...counts.map((c) => c.score));
  const width = Math.ceil(top / count) || 1;
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    now: 0,
    draft: 0,
  }));
  const at = (score: number) => Math.min(count - 1, Math.max(0, Math.floor(score / width)));
  for (const c of counts) {
    const bin = bins[at(c.score)] as Bin;
    bin.now += c.now;
    bin.draft += c.draft;
  }
  return bins;
}

const colors = { now: '#1d4ed8', draft: '#b45309' };
const W = 640;
const H = 280;
const pad = { left: 48, right: 16, top: 36, bottom: 48 };

/** The score distribution now and with the draft, as grouped bars, with a table for screen readers. */
export function DistributionChart(props: { bins: Bin[] }) {
  const { bins } = props;
  const maxCount = Math.max(1, ...bins.map((b) => Math.max(b.now, b.draft)));
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const slot = plotW / bins.length;
  const barW = (slot - 6) / 2;
  const y = (n: number) => pad.top + plotH - (n / maxCount) * plotH;
  const ticks = [0, Math.round(maxCount / 2), maxCount].filter((v, i, a) => a.indexOf(v) === i);
  const totalNow = bins.reduce((s, b) => s + b.now, 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style="max-width:640px"
        role="img"
        aria-labelledby="dist-title dist-desc"
        data-chart="distribution"
      >
        <title id="dist-title">Score distribution now and with the draft</title>
        <desc id="dist-desc">
          {`Number of contacts per score range, for ${totalNow} contacts: ` +
            bins.map((b) => `${b.from}–${b.to}: ${b.now} now, ${b.draft} with the draft`).join('; ')}
        </desc>
        <g class="legend" transform={`translate(${pad.left}, 14)`} font-size="12">
          <rect width="12" height="12" fill={colors.now} />
          <text x="18" y="11">
            Now
          </text>
          <rect x="80" width="12" height="12" fill={colors.draft} />
          <text x="98" y="11">
            With the draft
          </text>
        </g>
        {ticks.map((t) => (
          <g>
            <line x1={pad.left} x2={W - pad.right} y1={y(t)} y2={y(t)} stroke="#d1d5db" />
            <text x={pad.left - 6} y={y(t) + 4} text-anchor="end" font-size="11">
              {String(t)}
            </text>
          </g>
        ))}
        <g data-series="now">
          {bins.map((b, i) => (
            <rect
              x={pad.left + i * slot + 3}
              y={y(b.now)}
              width={barW}
              height={pad.top + plotH - y(b.now)}
              fill={colors.now}
            >
              <title>{`${b.from}–${b.to}: ${b.now} now`}</title>
            </rect>
          ))}
        </g>
        <g data-series="draft">
          {bins.map((b, i) => (
            <rect
              x={pad.left + i * slot + 3 + barW}
              y={y(b.draft)}
              width={barW}
              height={pad.top + plotH - y(b.draft)}
              fill={colors.draft}
            >
              <title>{`${b.from}–${b.to}: ${b.draft} with the draft`}</title>
            </rect>
          ))}
        </g>
        {bins.map((b, i) => (
          <text
            x={pad.left + i * slot + slot / 2}
            y={H - pad.bottom + 14}
            text-anchor="middle"
            font-size="10"
          >
            {String(b.from)}
          </text>
        ))}
        <text x={pad.left + plotW / 2} y={H - 8} text-anchor="middle" font-size="12">
          Score
        </text>
        <text
          transform={`translate(12, ${pad.top + plotH / 2}) rotate(-90)`}
          text-anchor="middle"
          font-size="12"
        >
          Contacts
        </text>
      </svg>
      <figcaption>
        <details>
          <summary>The distribution as a table</summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Score</th>
                  <th scope="col">Now</th>
                  <th scope="col">With the draft</th>
                </tr>
              </thead>
              <tbody>
                {bins.map((b) => (
                  <tr>
                    <th scope="row">{`${b.from}–${b.to}`}</th>
                    <td>{b.now}</td>
                    <td>{b.draft}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}

/** Contacts that would cross each threshold up or down under the draft. */
export function CrossingsTable(props: { report: ReplayReport }) {
  const rows = props.report.perThreshold;
  if (rows.length === 0) return <p>The draft has no thresholds.</p>;
  return (
    <div class="table-wrap">
      <table data-table="crossings">
        <caption>Threshold crossings if the draft were published</caption>
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            <th scope="col">Would cross up</th>
            <th scope="col">Would cross down</th>
            <th scope="col">Above after</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr data-threshold={t.thresholdId}>
              <th scope="row">{t.label}</th>
              <td data-up>{t.wouldCrossUp}</td>
              <td data-down>{t.wouldCrossDown}</td>
              <td>{t.above}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
