import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initServiceMetrics, registry } from '../src/index.js';

/**
 * The Grafana dashboard (deploy/grafana/lesp-dashboard.json) cannot drift from the code: every
 * metric it queries must be one this process registers (lesp_* series and Node's defaults),
 * and every lesp_* series must be on it.
 */
interface Panel {
  readonly title?: string;
  readonly targets?: { readonly expr?: string }[];
  readonly panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(new URL('../../../deploy/grafana/lesp-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: { query?: string | { query?: string } }[] };
};

function expressions(panels: readonly Panel[]): { panel: string; expr: string }[] {
  return panels.flatMap((panel) => [
    ...(panel.targets ?? []).flatMap((target) => (target.expr ? [{ panel: panel.title ?? '?', expr: target.expr }] : [])),
    ...expressions(panel.panels ?? []),
  ]);
}

const METRIC = /\b(?:lesp|process|nodejs)_[a-z0-9_]+\b/g;

/** What Prometheus sees of each registered metric: histograms as their _bucket, _sum and _count series. */
async function exposedNames(): Promise<Set<string>> {
  initServiceMetrics('dashboard-test');
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram' || String(metric.type) === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

describe('the Grafana dashboard', () => {
  const queries = expressions(dashboard.panels);
  const variableQueries = dashboard.templating.list.flatMap((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query?.query;
    return query && query.match(METRIC) ? [{ panel: 'variable', expr: query }] : [];
  });

  it('queries something in every panel', () => {
    expect(queries.length).toBeGreaterThan(10);
    for (const { panel, expr } of queries) expect(expr.match(METRIC), `${panel}: ${expr}`).not.toBeNull();
  });

  it('queries only metrics the code registers', async () => {
    const exposed = await exposedNames();
    const unknown = [...queries, ...variableQueries].flatMap(({ panel, expr }) =>
      (expr.match(METRIC) ?? []).filter((name) => !exposed.has(name)).map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('shows every lesp_* metric the code registers', async () => {
    const queried = new Set(
      queries.flatMap(({ expr }) => expr.match(METRIC) ?? []).map((name) => name.replace(/_(bucket|sum|count)$/, '')),
    );
    const lesp = (await registry.getMetricsAsJSON()).map((m) => m.name).filter((name) => name.startsWith('lesp_'));
    expect(lesp.filter((name) => !queried.has(name))).toEqual([]);
  });

  it('filters every panel by the service variable', () => {
    for (const { panel, expr } of queries) expect(expr, panel).toContain('service=~"$service"');
  });
});
