import type { BenchResult } from './benchResult';
import { mainScaleOf } from './benchResult';
import type { ScaleResult } from './measureScale';
import { totalOf } from './measureCpu';
import { perMillionRows } from './prepareLookupTables';
import { fmtScale } from './targets';

function ms(n: number): string {
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function latencyTable(scale: ScaleResult): string {
  const rows = scale.families.map((f) => [
    `${f.id} ${f.title}`, `${ms(f.gateway.p50)} / ${ms(f.gateway.p99)}`, `${ms(f.direct.p50)} / ${ms(f.direct.p99)}${f.directNote ? ' ¹' : ''}`,
    `${ms(f.reference.p50)} / ${ms(f.reference.p99)}`, `${f.ratios.gatewayVsDuckdb.toFixed(2)}x`, `${f.ratios.directVsDuckdb.toFixed(2)}x`,
    `${(f.ratios.gatewayShare * 100).toFixed(0)}%`, f.consistent ? 'same' : 'DIFFERENT',
  ]);
  const e = scale.export;
  if (e?.measured) {
    const rate = (n: number): string => `${(n / 1e6).toFixed(2)}M rows/s`;
    rows.push([`Q6 export of ${e.reference.rows.toLocaleString('en-US')} rows (parquet)`, rate(e.gateway.rowsPerSecond), rate(e.direct.rowsPerSecond),
      rate(e.reference.rowsPerSecond), `${e.ratio.toFixed(2)}x`, `${(e.direct.rowsPerSecond / e.reference.rowsPerSecond).toFixed(2)}x`,
      `${((1 - e.gateway.rowsPerSecond / e.direct.rowsPerSecond) * 100).toFixed(0)}%`, e.consistent ? 'same' : 'DIFFERENT']);
  } else if (e) rows.push(['Q6 export', 'not measured', '', '', '', '', '', e.reason]);
  const notes = scale.families.filter((f) => f.directNote).map((f) => `¹ ${f.id}: ${f.directNote}.`);
  return [table(['query', 'gateway p50 / p99 ms', 'direct p50 / p99 ms', 'DuckDB p50 / p99 ms', 'gateway ÷ DuckDB', 'direct ÷ DuckDB', 'gateway share', 'answers'], rows), ...notes].join('\n');
}

function throughputTable(scale: ScaleResult): string {
  return table(['query', 'clients', 'gateway req/s (p50 ms)', 'direct req/s (p50 ms)', 'DuckDB req/s (p50 ms)'], scale.throughput.map((t) => [
    t.id, String(t.clients), `${t.gateway.perSecond.toFixed(0)} (${ms(t.gateway.latency.p50)})`, `${t.direct.perSecond.toFixed(0)} (${ms(t.direct.latency.p50)})`,
    `${t.reference.perSecond.toFixed(0)} (${ms(t.reference.latency.p50)})`,
  ]));
}

function peerLatencyTable(scale: ScaleResult): string {
  return table(['query', 'Tessera gateway p50 / p99 ms', 'PostGraphile p50 / p99 ms', 'PostgreSQL SQL p50 / p99 ms', 'gateway ÷ PostGraphile', 'gateway ÷ PostgreSQL', 'answers'],
    scale.families.filter((f) => f.peer).map((f) => {
      const p = f.peer!;
      return [`${f.id} ${f.title}`, `${ms(f.gateway.p50)} / ${ms(f.gateway.p99)}`, `${ms(p.postgraphile.p50)} / ${ms(p.postgraphile.p99)}`,
        `${ms(p.postgres.p50)} / ${ms(p.postgres.p99)}`, `${p.ratios.gatewayVsPostgraphile.toFixed(2)}x`, `${p.ratios.gatewayVsPostgres.toFixed(2)}x`, f.consistent ? 'same' : 'DIFFERENT'];
    }));
}

function peerThroughputTable(scale: ScaleResult): string {
  return table(['query', 'clients', 'Tessera gateway req/s (p50 ms)', 'PostGraphile req/s (p50 ms)', 'PostgreSQL SQL req/s (p50 ms)', 'gateway ÷ PostGraphile req/s'],
    scale.throughput.filter((t) => t.peer).map((t) => {
      const p = t.peer!;
      return [t.id, String(t.clients), `${t.gateway.perSecond.toFixed(0)} (${ms(t.gateway.latency.p50)})`, `${p.postgraphile.perSecond.toFixed(0)} (${ms(p.postgraphile.latency.p50)})`,
        `${p.postgres.perSecond.toFixed(0)} (${ms(p.postgres.latency.p50)})`, `${(t.gateway.perSecond / p.postgraphile.perSecond).toFixed(2)}x`];
    }));
}

/** CPU ms per request by process, Tessera's and the peer's, with their totals. */
function cpuTable(scale: ScaleResult): string {
  const rows = scale.cpu ?? [];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.tessera)))];
  const peer = rows.some((r) => r.peer);
  const head = ['query', ...names, 'Tessera total', ...(peer ? ['PostGraphile', 'PostgreSQL', 'peer total', 'Tessera ÷ peer'] : [])];
  return table(head, rows.map((r) => {
    const total = totalOf(r.tessera);
    const peerTotal = r.peer ? r.peer.postgraphile + r.peer.postgres : undefined;
    return [r.id, ...names.map((n) => ms(r.tessera[n] ?? 0)), ms(total),
      ...(peer ? (r.peer && peerTotal ? [ms(r.peer.postgraphile), ms(r.peer.postgres), ms(peerTotal), `${(total / peerTotal).toFixed(2)}x`] : ['–', '–', '–', '–']) : [])];
  }));
}

function peerSetup(scale: ScaleResult): string {
  const info = scale.peer!;
  const settings = Object.entries(info.settings).map(([k, v]) => `${k}=${v.replace(/'/g, '')}`).join(', ');
  return `${info.postgres}, ${info.postgraphile} (Amber preset, connection filter and aggregates plugins, every column filterable), ` +
    `own data folder, settings ${settings}; ${info.load.orders.toLocaleString('en-US')} orders and ${info.load.customers.toLocaleString('en-US')} customers ` +
    `loaded with keys, foreign key and indexes in ${info.load.seconds.toFixed(1)} s. Indexes: ${info.load.indexes.map((d) => `\`${d.replace(/ USING btree/, '').replace(/public\./g, '')}\``).join('; ')}.`;
}

/** Each growth query's p50 at every scale side by side, and its growth from the smallest scale to each larger one. */
function growthTable(scales: ScaleResult[], main: ScaleResult): string {
  const ids = [...new Set(scales.filter((s) => s !== main).flatMap((s) => s.families.map((f) => f.id)))].sort();
  const first = scales[0]!;
  const later = scales.slice(1);
  const at = (s: ScaleResult): string => `${fmtScale(s.orders)}${s === main && scales.length > 2 ? ' (main)' : ''}`;
  const head = ['query', ...scales.map((s) => `p50 ms at ${at(s)} (gateway / direct / DuckDB)`),
    ...later.map((s) => `growth ${fmtScale(first.orders)} → ${fmtScale(s.orders)} (gateway / DuckDB)`), 'answers'];
  return table(head, ids.map((id) => {
    const cells = scales.map((s) => s.families.find((f) => f.id === id));
    const base = cells[0];
    const growth = later.map((s) => {
      const f = s.families.find((r) => r.id === id);
      return base && f ? `${(f.gateway.p50 / base.gateway.p50).toFixed(2)}x / ${(f.reference.p50 / base.reference.p50).toFixed(2)}x` : '–';
    });
    const different = scales.flatMap((s, i) => (cells[i]?.consistent === false ? [fmtScale(s.orders)] : []));
    return [id, ...cells.map((f) => (f ? `${ms(f.gateway.p50)} / ${ms(f.direct.p50)} / ${ms(f.reference.p50)}` : '–')), ...growth,
      different.length ? `DIFFERENT at ${different.join(', ')}` : 'same'];
  }));
}

function growthP99Table(scales: ScaleResult[], main: ScaleResult): string {
  const ids = [...new Set(scales.filter((s) => s !== main).flatMap((s) => s.families.map((f) => f.id)))].sort();
  return table(['query', ...scales.map((s) => `p99 ms at ${fmtScale(s.orders)} (gateway / direct / DuckDB)`)], ids.map((id) => [id, ...scales.map((s) => {
    const f = s.families.find((r) => r.id === id);
    return f ? `${ms(f.gateway.p99)} / ${ms(f.direct.p99)} / ${ms(f.reference.p99)}` : '–';
  })]));
}

function rssTable(scales: ScaleResult[]): string {
  const names = [...new Set(scales.flatMap((s) => Object.keys(s.peakRssBytes)))];
  const mb = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${(v / 1024 ** 2).toFixed(0)} MB`);
  return table(['process', ...scales.map((s) => `peak RSS at ${fmtScale(s.orders)}`)], names.map((n) => [n === 'benchmark' ? 'benchmark (DuckDB reference)' : n, ...scales.map((s) => mb(s.peakRssBytes[n]))]));
}

function lookupTableCosts(scales: ScaleResult[]): string {
  const rows = scales.flatMap((s) => (s.lookupTables ?? []).map((t) => [fmtScale(s.orders), t.subgraph, t.snapshot, t.rows.toLocaleString('en-US'),
    `${(t.buildMs / 1000).toFixed(1)} s`, `${perMillionRows(t).toFixed(2)} s`, `${(t.bytes / 1024 ** 2).toFixed(0)} MB`]));
  return table(['orders', 'subgraph', 'snapshot', 'rows', 'build', 'per million rows', 'on disk'], rows);
}

function answerCacheTable(scale: ScaleResult): string {
  const rows = (scale.answerCache ?? []).map((r) => [`${r.id} ${r.title}`, `${ms(r.cached.p50)} / ${ms(r.cached.p99)}`,
    `${ms(r.uncached.p50)} / ${ms(r.uncached.p99)}`, `${r.ratio.toFixed(2)}x`]);
  return table(['query (its first request, repeated)', 'cached p50 / p99 ms', 'uncached p50 / p99 ms', 'cached ÷ uncached'], rows);
}

/** The whole run as Markdown tables: latency and ratios, throughput, growth, peak RSS and the targets. */
export function formatReport(result: BenchResult): string {
  const main = mainScaleOf(result);
  const counts = main.families.map((f) => `${f.id} ${f.gateway.count}`).join(', ');
  const exports = main.export?.measured ? `, Q6 ${main.export.reference.runs} exports (median)` : '';
  const parts = [`### Latency at ${fmtScale(main.orders)} orders`, `Warm; timed requests per way, interleaved: ${counts}${exports}.`, latencyTable(main)];
  if (main.throughput.length) parts.push(`### Throughput at ${fmtScale(main.orders)} orders`, throughputTable(main));
  if (main.cpu?.length) {
    parts.push(`### CPU per request at ${fmtScale(main.orders)} orders`,
      `CPU ms (user + system, every thread) each process spent per request, over ${main.cpu[0]!.requests} requests one after another, from /proc; on 2 cores, the total bounds throughput.`,
      cpuTable(main));
  }
  if (main.peer) {
    parts.push(`### Against PostgreSQL + PostGraphile at ${fmtScale(main.orders)} orders`, peerSetup(main), peerLatencyTable(main));
    if (main.throughput.some((t) => t.peer)) parts.push(peerThroughputTable(main));
  } else if (result.peer && !result.peer.measured) parts.push(`PostgreSQL + PostGraphile peer: not measured (${result.peer.reason ?? 'no reason recorded'}).`);
  if (main.answerCache?.length) {
    parts.push(`### Repeated queries at ${fmtScale(main.orders)} orders`,
      'The same request again and again through the gateway: answered from its answer cache, and with `Cache-Control: no-cache` (the subgraphs asked every time; every other figure here is measured that way).',
      answerCacheTable(main));
  }
  if (result.scales.length > 1) {
    const first = fmtScale(result.scales[0]!.orders);
    parts.push('### Growth with data', `The hub started on each scale's store; as many requests as at the main scale, answers checked against DuckDB the same way, growth = p50 at a scale ÷ p50 at ${first}.`,
      growthTable(result.scales, main), growthP99Table(result.scales, main));
  }
  for (const f of result.failedScales ?? []) parts.push(`${fmtScale(f.orders)} orders: not measured, the scale failed (${f.reason}).`);
  if (result.scales.some((s) => s.lookupTables?.length)) {
    parts.push('### Lookup tables', 'Built when the first lookup of a snapshot came, before timing (engine/duckdb/lookupTables.ts); the build, ART index included, is what opening a snapshot for lookups costs:', lookupTableCosts(result.scales));
    for (const s of result.scales.filter((x) => x.lookupTableFailures)) {
      parts.push(`At ${fmtScale(s.orders)}: ${s.lookupTableFailures} copies not built (failed, or still building when timing began); their lookups read parquet.`);
    }
  }
  parts.push('### Peak RSS', rssTable(result.scales));
  parts.push('### Targets', table(['target', 'limit', 'measured', 'verdict'], result.targets.map((t) => [
    t.name, t.target, t.value, t.met === null ? 'NOT MEASURED' : t.met ? 'MET' : 'MISSED',
  ])));
  return parts.join('\n\n');
}
