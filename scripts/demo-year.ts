/**
 * One county-year of enforcement acts in the act import template, with the proportions of
 * the 冷水滩区 2023 annual report (seed 002), scaled: scale 1.0 ≈ 373,500 acts. Deterministic
 * for a seed. Agencies and officers are the demo roster that scripts/seed-demo.ts registers.
 * Natural persons get made-up names, ID numbers with valid check characters and mobile
 * numbers: personal data the platform must mask.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ACT_COLUMNS, type ActColumn } from '../services/case-intake/src/application/import/act-columns.js';
import { csvLine } from '../services/case-intake/src/application/import/act-template.js';
import {
  DEMO_COUNTIES,
  OFFICERS_PER_AGENCY,
  demoAgencies,
  fakeEnterpriseCreditCode,
  fakeIdNumber,
  fakeMobile,
  fakeName,
  seededRandom,
} from './demo-roster.js';

/** The 2023 report of 冷水滩区 (seed 002): what a scale of 1.0 reproduces. */
export const REPORT_2023 = {
  licensing: { applications: 49481, accepted: 49458, granted: 48936, hearings: 3 },
  penalty: { filed: 1281, closed: 1205, fineYuan: 6_399_600, firstOffenceExempt: 45, lighter: 353, hearings: 10 },
  coercion: { total: 125, measures: 111, executions: 1, courtApplications: 13 },
  inspection: { total: 31787 },
  benefit: { total: 286547 },
  award: { total: 9 },
  confirmation: { total: 4289 },
  legalReview: { total: 322, rejected: 1 },
} as const;

export interface DemoYearOptions {
  readonly countyCode: string;
  readonly year: number;
  readonly scale: number;
  readonly seed: string;
  /** Appended to every case number, so that a second run into the same database makes new cases. */
  readonly tag?: string;
}

export type DemoRow = Record<ActColumn, string>;

/** Which of the county's agencies do which kind of act (matched on the agency's name). */
const AGENCY_KEYWORDS: Record<string, string[]> = {
  licensing: ['市场监督', '交通运输', '卫生健康', '住房', '自然资源', '水利', '水务', '林业', '教育', '生态环境'],
  penalty: ['市场监督', '城市管理', '交通运输', '生态环境', '应急管理', '卫生健康', '自然资源', '林业', '水利', '水务'],
  coercion: ['城市管理', '市场监督', '生态环境', '应急管理', '自然资源'],
  inspection: ['市场监督', '应急管理', '生态环境', '卫生健康', '交通运输', '住房'],
  benefit: ['民政', '医疗保障', '农业农村', '教育'],
  confirmation: ['自然资源', '住房', '农业农村', '医疗保障', '民政'],
  award: ['教育', '卫生健康', '应急管理'],
};

const CATEGORY_NAME: Record<string, string> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  inspection: '行政检查',
  benefit: '行政给付',
  confirmation: '行政确认',
  award: '行政奖励',
};
const CATEGORY_CHAR: Record<string, string> = {
  licensing: '许',
  penalty: '罚',
  coercion: '强',
  inspection: '检',
  benefit: '给',
  confirmation: '确',
  award: '奖',
};

const LICENCES = [
  '食品经营许可',
  '道路运输经营许可',
  '建筑工程施工许可',
  '取水许可',
  '林木采伐许可',
  '医疗机构执业许可',
  '排污许可',
  '民办学校办学许可',
];
const VIOLATIONS = [
  '销售过期食品',
  '未取得许可从事经营',
  '违规倾倒建筑垃圾',
  '超限超载运输',
  '未按规定排放污染物',
  '安全生产隐患未整改',
  '非法占用林地',
  '无证行医',
];
const INSPECTIONS = ['食品安全日常检查', '安全生产检查', '环境保护现场检查', '消防安全检查', '道路运输企业检查', '建筑工地检查'];
const BENEFITS = [
  '最低生活保障金发放',
  '特困人员救助供养金发放',
  '临时救助金发放',
  '医疗救助金发放',
  '耕地地力保护补贴发放',
  '学生资助金发放',
];
const CONFIRMATIONS = ['不动产登记', '医保待遇资格确认', '低保资格确认', '农村土地承包经营权确认'];
const AWARDS = ['见义勇为表彰奖励', '安全生产先进单位奖励', '优秀教师奖励'];
const COERCIONS = ['查封违法经营场所', '扣押违法运输车辆', '查封扣押不合格产品', '强制拆除违法建筑'];
const INDUSTRIES = ['商贸', '建材', '食品', '运输', '建筑工程', '医药', '农业开发', '环保科技', '餐饮管理', '物流'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** `count × scale`, at least 1 when the count is (so every kind shows up in a small sample). */
function scaled(count: number, scale: number): number {
  return count === 0 ? 0 : Math.max(1, Math.round(count * scale));
}

/** `part` of `whole` carried over to `n` acts: the same proportion, rounded. */
const share = (part: number, whole: number, n: number) => Math.round((part / whole) * n);

/** Indices 0..n-1 in a seeded order; the first k of them get a trait. */
function shuffled(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Traits by rank: act i has trait t when its rank in a shuffled order is below that trait's count. */
function ranks(n: number, random: () => number): Int32Array {
  const order = shuffled(n, random);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;
  return rank;
}

export function demoYearCounts(scale: number) {
  const r = REPORT_2023;
  return {
    licensing: scaled(r.licensing.applications, scale),
    penalty: scaled(r.penalty.filed, scale),
    coercion: scaled(r.coercion.total, scale),
    inspection: scaled(r.inspection.total, scale),
    benefit: scaled(r.benefit.total, scale),
    confirmation: scaled(r.confirmation.total, scale),
    award: scaled(r.award.total, scale),
  };
}

/** Every row of the demo year, category by category. */
export function* demoYearRows(options: DemoYearOptions): Generator<DemoRow> {
  const { countyCode, year, scale, seed } = options;
  const county = DEMO_COUNTIES[countyCode];
  if (!county) throw new Error(`no demo roster for county ${countyCode}; known: ${Object.keys(DEMO_COUNTIES).join(', ')}`);
  if (!(scale > 0)) throw new Error('scale must be > 0');
  const agencies = demoAgencies(countyCode);
  const random = seededRandom(`${seed}/${countyCode}/${year}`);
  const counts = demoYearCounts(scale);
  const countyChar = county.prefix.charAt(0);
  const yearStart = Date.UTC(year, 0, 1);
  const daysInYear = Math.round((Date.UTC(year + 1, 0, 1) - yearStart) / 86_400_000);
  const day = (offset: number) => new Date(yearStart + offset * 86_400_000).toISOString().slice(0, 10);
  const sequence = new Map<string, number>();

  const agencyFor = (category: string) => {
    const keywords = AGENCY_KEYWORDS[category] ?? [];
    const matching = agencies.map((a, i) => ({ a, i })).filter(({ a }) => keywords.some((k) => a.name.includes(k)));
    return pick(random, matching.length > 0 ? matching : agencies.map((a, i) => ({ a, i })));
  };

  const base = (category: string, opening: string): DemoRow => {
    const { a, i } = agencyFor(category);
    const key = `${a.agencyId}/${category}`;
    const n = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, n);
    const first = between(random, 1, OFFICERS_PER_AGENCY);
    const second = (first % OFFICERS_PER_AGENCY) + 1;
    const row = Object.fromEntries(ACT_COLUMNS.map((c) => [c.key, ''])) as DemoRow;
    return Object.assign(row, {
      caseNumber: `${countyChar}${CATEGORY_CHAR[category]}〔${year}〕${i + 1}-${String(n).padStart(5, '0')}${options.tag ? `-${options.tag}` : ''}号`,
      agencyId: a.agencyId,
      category: CATEGORY_NAME[category],
      openedBy: opening,
      officerIds: `${a.agencyId}-o${first};${a.agencyId}-o${second}`,
    });
  };

  /** The target: a made-up person (ID number, mobile) or enterprise (credit code). */
  const target = (row: DemoRow, personShare: number): string => {
    if (random() < personShare) {
      const name = fakeName(random);
      Object.assign(row, {
        targetKind: '自然人',
        targetName: name,
        idNumber: fakeIdNumber(countyCode, random),
        phone: fakeMobile(random),
        enterprise: '否',
      });
      // Titles are shown as they are: a person appears in them as 王某, as in published decisions.
      return `${name.charAt(0)}某`;
    }
    const name = `${county.prefix}${fakeName(random).slice(0, 1)}${pick(random, ['鑫', '盛', '华', '顺', '达', '祥', '福', '瑞'])}${pick(random, INDUSTRIES)}有限公司`;
    Object.assign(row, {
      targetKind: '法人',
      targetName: name,
      creditCode: fakeEnterpriseCreditCode(countyCode, random),
      enterprise: '是',
    });
    return name;
  };

  // 行政许可: applications; some not accepted, some denied, a few heard; granted ones archived.
  {
    const n = counts.licensing;
    const r = REPORT_2023.licensing;
    const notAccepted = share(r.applications - r.accepted, r.applications, n);
    const denied = share(r.accepted - r.granted, r.applications, n);
    const hearings = share(r.hearings, r.applications, n);
    const rank = ranks(n, random);
    for (let i = 0; i < n; i++) {
      const row = base('licensing', '申请');
      const who = target(row, 0.4);
      const licence = pick(random, LICENCES);
      const t0 = between(random, 0, daysInYear - 40);
      Object.assign(row, {
        title: `${who}${licence}申请`,
        itemCode: `XK-${String(LICENCES.indexOf(licence) + 1).padStart(3, '0')}`,
        openedOn: day(t0),
      });
      const k = rank[i]!;
      const acceptOn = t0 + between(random, 0, 2);
      if (k < notAccepted) {
        Object.assign(row, { accepted: '否', acceptedOn: day(acceptOn), legalBasis: '申请材料不齐全且逾期未补正' });
        yield row;
        continue;
      }
      const granted = k >= notAccepted + denied;
      const heard = granted && k >= n - hearings;
      const decidedOn = acceptOn + between(random, 1, 20) + (heard ? 10 : 0);
      const servedOn = decidedOn + between(random, 0, 3);
      Object.assign(row, {
        accepted: '是',
        acceptedOn: day(acceptOn),
        ...(heard ? { hearingOn: day(acceptOn + between(random, 3, 9)) } : {}),
        decidedOn: day(decidedOn),
        decisionNumber: `${row.caseNumber.replace('号', '')}-决`,
        outcome: granted ? '准予' : '不予',
        legalBasis: '《中华人民共和国行政许可法》第三十八条',
        servedOn: day(servedOn),
        closedOn: day(servedOn),
        ...(granted ? { archivedOn: day(servedOn + between(random, 1, 10)), archiveNumber: `GD-${row.caseNumber}` } : {}),
      });
      yield row;
    }
  }

  // 行政处罚: filed; most decided and closed; 首违不罚, 从轻/减轻, hearings, legal reviews (one rejected), fines summing to the report's total.
  {
    const n = counts.penalty;
    const r = REPORT_2023.penalty;
    const closed = share(r.closed, r.filed, n);
    const firstOffence = share(r.firstOffenceExempt, r.filed, n);
    const lighter = share(r.lighter, r.filed, n);
    const hearings = share(r.hearings, r.filed, n);
    const reviews = Math.min(n, share(REPORT_2023.legalReview.total - REPORT_2023.legalReview.rejected, r.filed, n));
    const rejectedReviews = Math.min(
      Math.max(0, n - closed),
      share(REPORT_2023.legalReview.rejected, r.filed, n) || (scale >= 0.5 ? 1 : 0),
    );
    const decided = closed;
    // Fines: weights drawn per penalized act, scaled so they add up to the report's total (×scale).
    const penalized = Math.max(0, decided - firstOffence);
    const totalYuan = Math.round(r.fineYuan * (n / r.filed));
    const weights = Array.from({ length: penalized }, () => Math.exp(random() * 3));
    const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
    const fines = weights.map((w) => Math.round((totalYuan * w) / weightSum));
    if (fines.length > 0) fines[fines.length - 1] = Math.max(0, totalYuan - fines.slice(0, -1).reduce((a, b) => a + b, 0));
    const rank = ranks(n, random);
    let fineIndex = 0;
    for (let i = 0; i < n; i++) {
      const row = base('penalty', '立案');
      const who = target(row, 0.5);
      const violation = pick(random, VIOLATIONS);
      const t0 = between(random, 0, daysInYear - 60);
      Object.assign(row, {
        title: `${who}${violation}案`,
        itemCode: `CF-${String(VIOLATIONS.indexOf(violation) + 1).padStart(3, '0')}`,
        openedOn: day(t0),
      });
      const k = rank[i]!;
      // Ranks: [0, decided) decided and closed, of which [0, firstOffence) exempt and the next `lighter` lighter;
      // the rest still open, the first `rejectedReviews` of them stopped by a rejected legal review.
      if (k >= decided) {
        if (k - decided < rejectedReviews) Object.assign(row, { major: '是', legalReviewOn: day(t0 + 20), legalReviewResult: '不通过' });
        yield row;
        continue;
      }
      const exempt = k < firstOffence;
      const heard = k >= decided - hearings;
      const reviewed = k >= decided - reviews;
      const decidedOn = t0 + between(random, 10, 30) + (heard ? 15 : 0);
      const servedOn = decidedOn + between(random, 0, 3);
      const executedOn = servedOn + between(random, 3, 14);
      const closedOn = (exempt ? servedOn : executedOn) + between(random, 0, 3);
      const amount = exempt ? 0 : (fines[fineIndex++] ?? 0);
      const confiscation = !exempt && random() < 0.1 ? Math.round(amount * 0.3) : 0;
      Object.assign(row, {
        major: reviewed ? '是' : '否',
        ...(heard ? { hearingOn: day(decidedOn - between(random, 3, 10)) } : {}),
        ...(reviewed ? { legalReviewOn: day(decidedOn - between(random, 1, 2)), legalReviewResult: '通过' } : {}),
        decidedOn: day(decidedOn),
        decisionNumber: `${row.caseNumber.replace('号', '')}-决`,
        outcome: exempt ? '不予处罚' : '处罚',
        legalBasis: exempt ? '《中华人民共和国行政处罚法》第三十三条第一款' : '《中华人民共和国行政处罚法》第二十八条',
        discretionBenchmark: random() < 0.9 ? '本部门行政处罚裁量权基准' : '',
        fineYuan: exempt ? '0' : String(amount - confiscation),
        confiscationYuan: String(confiscation),
        firstOffenceExempt: exempt ? '是' : '否',
        lighterPenalty: !exempt && k < firstOffence + lighter ? (random() < 0.8 ? '从轻' : '减轻') : '',
        servedOn: day(servedOn),
        ...(exempt ? {} : { executedOn: day(executedOn) }),
        closedOn: day(closedOn),
        archivedOn: day(closedOn + between(random, 1, 10)),
        archiveNumber: `GD-${row.caseNumber}`,
      });
      yield row;
    }
  }

  // 行政强制: measures, the agency's own execution, applications to court.
  {
    const n = counts.coercion;
    const r = REPORT_2023.coercion;
    const executions = share(r.executions, r.total, n);
    const court = share(r.courtApplications, r.total, n);
    const rank = ranks(n, random);
    for (let i = 0; i < n; i++) {
      const row = base('coercion', '立案');
      const who = target(row, 0.4);
      const t0 = between(random, 0, daysInYear - 60);
      const k = rank[i]!;
      const kind = k < executions ? 'execution' : k < executions + court ? 'court' : 'measure';
      const decidedOn = t0 + between(random, 1, 10);
      const servedOn = decidedOn + between(random, 0, 2);
      const courtOn = servedOn + between(random, 15, 30);
      const executedOn = kind === 'court' ? courtOn + between(random, 10, 30) : servedOn + between(random, 1, 10);
      const closedOn = executedOn + between(random, 0, 3);
      Object.assign(row, {
        title: `${who}${pick(random, COERCIONS)}`,
        openedOn: day(t0),
        decidedOn: day(decidedOn),
        decisionNumber: `${row.caseNumber.replace('号', '')}-决`,
        outcome: kind === 'measure' ? '强制措施' : '强制执行',
        legalBasis: '《中华人民共和国行政强制法》',
        servedOn: day(servedOn),
        ...(kind === 'court' ? { courtAppliedOn: day(courtOn) } : {}),
        executedOn: day(executedOn),
        closedOn: day(closedOn),
        archivedOn: day(closedOn + between(random, 1, 10)),
        archiveNumber: `GD-${row.caseNumber}`,
      });
      yield row;
    }
  }

  // 行政检查: filed, a finding, closed.
  for (let i = 0; i < counts.inspection; i++) {
    const row = base('inspection', '立案');
    const who = target(row, 0.05);
    const t0 = between(random, 0, daysInYear - 10);
    const decidedOn = t0 + between(random, 0, 3);
    Object.assign(row, {
      title: `${who}${pick(random, INSPECTIONS)}`,
      openedOn: day(t0),
      decidedOn: day(decidedOn),
      decisionNumber: `${row.caseNumber.replace('号', '')}-检`,
      outcome: random() < 0.92 ? '合格' : '责令整改',
      legalBasis: '《中华人民共和国行政处罚法》《优化营商环境条例》',
      closedOn: day(decidedOn + between(random, 0, 5)),
    });
    yield row;
  }

  // 行政给付, 行政确认, 行政奖励: applications accepted and granted (a few denied), closed.
  for (const [category, n, titles, personShare, opening] of [
    ['benefit', counts.benefit, BENEFITS, 0.98, '申请'],
    ['confirmation', counts.confirmation, CONFIRMATIONS, 0.7, '申请'],
    ['award', counts.award, AWARDS, 0.6, '立案'],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const row = base(category, opening);
      const who = target(row, personShare);
      const t0 = between(random, 0, daysInYear - 30);
      const acceptOn = t0 + between(random, 0, 1);
      const decidedOn = acceptOn + between(random, 1, 10);
      Object.assign(row, {
        title: `${who}${pick(random, titles)}`,
        openedOn: day(t0),
        ...(opening === '申请' ? { accepted: '是', acceptedOn: day(acceptOn) } : {}),
        decidedOn: day(decidedOn),
        decisionNumber: `${row.caseNumber.replace('号', '')}-决`,
        outcome: random() < 0.995 ? '准予' : '不予',
        legalBasis:
          category === 'benefit' ? '《社会救助暂行办法》' : category === 'award' ? '《中华人民共和国公务员法》' : '《不动产登记暂行条例》',
        servedOn: day(decidedOn),
        closedOn: day(decidedOn + between(random, 0, 2)),
      });
      yield row;
    }
  }
}

/** Writes the demo year as a template CSV (UTF-8 with BOM); returns how many rows per category. */
export async function writeDemoYearCsv(
  path: string,
  options: DemoYearOptions,
): Promise<{ rows: number; byCategory: Record<string, number> }> {
  const out = createWriteStream(path);
  const byCategory: Record<string, number> = {};
  let rows = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${csvLine(ACT_COLUMNS.map((c) => c.header))}`);
  for (const row of demoYearRows(options)) {
    await write(csvLine(ACT_COLUMNS.map((c) => row[c.key])));
    byCategory[row.category] = (byCategory[row.category] ?? 0) + 1;
    rows++;
  }
  out.end();
  await once(out, 'finish');
  return { rows, byCategory };
}
