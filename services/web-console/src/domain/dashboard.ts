/**
 * The county supervisor's dashboard, folded from the alerts, the rectifications and the
 * year's statistics report the services answer (pure: no I/O, no clock but the one given).
 */
export interface AlertSummary {
  readonly alertId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly level: string;
  readonly kind: string;
  readonly status: string;
  readonly agencyId: string;
  readonly subjectId: string;
  readonly raisedAt?: Date;
  readonly dueAt?: Date;
}

export interface RectificationSummary {
  readonly rectificationId: string;
  readonly agencyId: string;
  readonly status: string;
  readonly overdue: boolean;
  readonly issuedAt?: Date;
  readonly deadline?: Date;
}

export interface Dashboard {
  readonly openAlerts: number;
  readonly alertsByRule: { ruleId: string; title: string; count: number }[];
  readonly alertsByAgency: { agencyId: string; name: string; count: number }[];
  readonly alertsByLevel: Record<string, number>;
  readonly overdue: {
    rectifications: number;
    deadlineAlerts: number;
    items: { kind: string; id: string; agencyId: string; due?: string }[];
  };
  /** Share of decisions published on time (null without any due), see `disclosureOnTimeRate`. */
  readonly disclosureOnTimeRate: number | null;
  readonly closingRate: number | null;
  readonly months: string[];
  readonly trends: { alerts: number[]; rectifications: number[] };
  /** True when the alert list had more pages than the dashboard reads. */
  readonly truncated: boolean;
}

const DISCLOSURE_RULE = 'decision-not-disclosed';
const LIVE = new Set(['open', 'acknowledged']);

/** YYYY-MM in Beijing time. */
export function monthOf(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3_600_000);
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The twelve months up to and including `now`'s, oldest first. */
export function lastTwelveMonths(now: Date): string[] {
  const [year, month] = monthOf(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * Decisions published on time over decisions due: a decision-not-disclosed alert is raised when
 * the deadline passed unpublished; resolved when published late; still live when never published.
 * (published − published late) / (published + never published).
 */
export function disclosureOnTimeRate(published: number, alerts: readonly AlertSummary[]): number | null {
  const late = alerts.filter((a) => a.ruleId === DISCLOSURE_RULE);
  const publishedLate = late.filter((a) => a.status === 'resolved').length;
  const unpublished = late.filter((a) => LIVE.has(a.status)).length;
  const due = published + unpublished;
  if (due === 0) return null;
  return Math.max(0, published - publishedLate) / due;
}

export function buildDashboard(input: {
  readonly alerts: readonly AlertSummary[];
  readonly rectifications: readonly RectificationSummary[];
  readonly agencyNames: ReadonlyMap<string, string>;
  readonly figures: Readonly<Record<string, number | null>>;
  readonly truncated: boolean;
  readonly now: Date;
}): Dashboard {
  const live = input.alerts.filter((a) => LIVE.has(a.status));
  const byRule = new Map<string, { ruleId: string; title: string; count: number }>();
  const byAgency = new Map<string, number>();
  const byLevel: Record<string, number> = { red: 0, yellow: 0, blue: 0 };
  for (const alert of live) {
    const rule = byRule.get(alert.ruleId) ?? { ruleId: alert.ruleId, title: alert.title, count: 0 };
    rule.count += 1;
    byRule.set(alert.ruleId, rule);
    byAgency.set(alert.agencyId, (byAgency.get(alert.agencyId) ?? 0) + 1);
    byLevel[alert.level] = (byLevel[alert.level] ?? 0) + 1;
  }
  const overdueRectifications = input.rectifications.filter((r) => r.overdue && r.status !== 'closed');
  const overdueAlerts = live.filter((a) => a.kind === 'deadline' && a.dueAt && a.dueAt.getTime() <= input.now.getTime());
  const months = lastTwelveMonths(input.now);
  const count = (dates: (Date | undefined)[]) => {
    const perMonth = new Map<string, number>();
    for (const date of dates) if (date) perMonth.set(monthOf(date), (perMonth.get(monthOf(date)) ?? 0) + 1);
    return months.map((m) => perMonth.get(m) ?? 0);
  };
  const published = (input.figures['disclosure.licensing'] ?? 0) + (input.figures['disclosure.penalty'] ?? 0);
  return {
    openAlerts: live.length,
    alertsByRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    alertsByAgency: [...byAgency.entries()]
      .map(([agencyId, n]) => ({ agencyId, name: input.agencyNames.get(agencyId) ?? agencyId, count: n }))
      .sort((a, b) => b.count - a.count || a.agencyId.localeCompare(b.agencyId)),
    alertsByLevel: byLevel,
    overdue: {
      rectifications: overdueRectifications.length,
      deadlineAlerts: overdueAlerts.length,
      items: [
        ...overdueRectifications.map((r) => ({
          kind: 'rectification',
          id: r.rectificationId,
          agencyId: r.agencyId,
          ...(r.deadline ? { due: r.deadline.toISOString() } : {}),
        })),
        ...overdueAlerts.map((a) => ({
          kind: 'alert',
          id: a.alertId,
          agencyId: a.agencyId,
          ...(a.dueAt ? { due: a.dueAt.toISOString() } : {}),
        })),
      ].slice(0, 50),
    },
    disclosureOnTimeRate: disclosureOnTimeRate(published, input.alerts),
    closingRate: input.figures['penalty.closingRate'] ?? null,
    months,
    trends: {
      alerts: count(input.alerts.map((a) => a.raisedAt)),
      rectifications: count(input.rectifications.map((r) => r.issuedAt)),
    },
    truncated: input.truncated,
  };
}
