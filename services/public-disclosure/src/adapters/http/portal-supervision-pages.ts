import type {
  PublicCaseFileReviewView,
  PublicEvaluationView,
  PublicInspectionView,
  PublicRectificationView,
} from '../../application/public-supervision-queries.js';
import { categoryName, day, escapeHtml, page } from './portal-pages.js';

/**
 * Portal pages of what supervision published (监督结果公开): random inspections (双随机抽查),
 * rectification outcomes (整改落实情况), evaluations of agencies (执法监督评议结果) and case-file
 * review summaries (案卷评查通报). Same layout and style as the other portal pages: headings,
 * labelled forms without script, tables that scroll sideways on a phone. Pure; every value escaped.
 */

/** Agency id → name, from the public agencies (an id the county's list lacks is shown as is). */
export type AgencyNames = ReadonlyMap<string, string>;

const TARGET_KINDS: Record<string, string> = { enterprise: '企业', individual: '个体工商户', institution: '其他组织' };
const INSPECTION_OUTCOMES: Record<string, string> = {
  no_problem: '未发现问题',
  problem_corrected: '发现问题已责令改正',
  problem_filed: '发现问题已立案查处',
  not_operating: '未发现开展本次抽查涉及的经营活动',
  unreachable: '通过登记的住所（经营场所）无法联系',
  refused: '不配合检查情节严重',
};
const DOCUMENT_KINDS: Record<string, string> = { notice: '监督通知书', opinion: '监督意见书', decision: '监督决定书' };
const RECTIFICATION_OUTCOMES: Record<string, string> = { rectified: '已整改', not_rectified: '未整改到位' };
const SUPERVISION_FORMS: Record<string, string> = { routine: '日常监督', focused: '重点监督', special: '专项监督' };

const named = (names: Record<string, string>, code: string) => names[code] ?? code;
const agencyName = (agencies: AgencyNames, id: string) => agencies.get(id) ?? id;

/** The last China day before an exclusive end (a period's `to` is the next period's start). */
function dayBefore(at: Date | undefined): string {
  return at ? day(new Date(at.getTime() - 1)) : '';
}

const points = (centipoints: number) => (centipoints / 100).toFixed(2);
const scrollable = (table: string) => `<div style="overflow-x:auto">${table}</div>`;

function table(caption: string, headers: readonly string[], rows: readonly string[]): string {
  return scrollable(
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}

function definitions(rows: readonly (readonly [string, string])[]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function yearForm(action: string, label: string, year: number | undefined, anyYear: boolean): string {
  return `<form method="get" action="${escapeHtml(action)}" aria-label="${escapeHtml(label)}">
<label for="year">年度<input id="year" name="year" type="number" inputmode="numeric" min="2000" max="2100" value="${year ?? ''}"${anyYear ? ' placeholder="全部年度"' : ' required'}></label>
<button type="submit">查询</button></form>`;
}

const next = (href: string | undefined, text: string) =>
  href ? `<p><a href="${escapeHtml(href)}" rel="next">${escapeHtml(text)}</a></p>` : '';

export function inspectionsPage(
  countyCode: string,
  year: number | undefined,
  inspections: readonly PublicInspectionView[],
  agencies: AgencyNames,
  nextHref?: string,
): string {
  const county = escapeHtml(countyCode);
  const items = inspections
    .map(
      (
        i,
      ) => `<li><h3><a href="/portal/counties/${county}/random-inspections/${escapeHtml(i.planId)}">${escapeHtml(i.title || i.planId)}</a></h3>
<p>${escapeHtml(i.year)} 年 · ${escapeHtml(agencyName(agencies, i.leadAgencyId))}${i.crossAgency ? ' 等部门联合抽查' : ''} · 计划公示日期 ${day(i.publishedAt)} · ${
        i.resultsPublishedAt ? `结果已公示（${i.results.length} 户）` : '结果尚未公示'
      }</p></li>`,
    )
    .join('');
  return page(
    '双随机抽查任务及结果',
    countyCode,
    `<p>随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开（“双随机、一公开”）。</p>
${yearForm(`/portal/counties/${countyCode}/random-inspections`, '按年度查询抽查任务', year, true)}
<section aria-live="polite" aria-labelledby="list"><h2 id="list">${year ? `${year} 年` : ''}已公示的抽查任务</h2>${
      items === '' ? '<p>暂无公示的抽查任务。</p>' : `<ol class="results">${items}</ol>`
    }
${next(nextHref, '下一页')}</section>`,
  );
}

export function inspectionPage(countyCode: string, i: PublicInspectionView, agencies: AgencyNames): string {
  const plan = definitions([
    ['年度', `${i.year} 年`],
    ['牵头部门', agencyName(agencies, i.leadAgencyId)],
    ['参与部门', i.agencyIds.map((id) => agencyName(agencies, id)).join('、')],
    ['抽查方式', i.crossAgency ? '跨部门联合抽查' : '本部门抽查'],
    ['抽查事项', i.matters.join('；')],
    ['抽查期间', i.periodFrom || i.periodTo ? `${day(i.periodFrom)} 至 ${day(i.periodTo)}` : '（未定）'],
    ['计划公示日期', day(i.publishedAt)],
  ]);
  const results =
    i.resultsPublishedAt === undefined
      ? '<p>抽查结果尚未公示。</p>'
      : `<p>结果公示日期：${day(i.resultsPublishedAt)}</p>${table(
          '抽查结果',
          ['检查对象', '类型', '检查日期', '检查结果'],
          i.results.map(
            (r) =>
              `<tr><th scope="row">${escapeHtml(r.name)}</th><td>${escapeHtml(named(TARGET_KINDS, r.kind))}</td><td>${day(r.inspectedAt)}</td><td>${escapeHtml(named(INSPECTION_OUTCOMES, r.outcome))}</td></tr>`,
          ),
        )}`;
  return page(
    i.title || '抽查任务',
    countyCode,
    `<section aria-labelledby="plan"><h2 id="plan">抽查计划</h2>${plan}</section>
<section aria-labelledby="results"><h2 id="results">抽查结果</h2>${results}</section>
<p><a href="/portal/counties/${escapeHtml(countyCode)}/random-inspections">返回抽查任务列表</a></p>`,
  );
}

export function rectificationsPage(
  countyCode: string,
  agencyId: string,
  rectifications: readonly PublicRectificationView[],
  agencies: AgencyNames,
  nextHref?: string,
): string {
  const options = [...agencies]
    .map(([id, name]) => `<option value="${escapeHtml(id)}"${agencyId === id ? ' selected' : ''}>${escapeHtml(name)}</option>`)
    .join('');
  const items = rectifications
    .map(
      (r) => `<li><h3>${escapeHtml(named(DOCUMENT_KINDS, r.documentKind))} ${escapeHtml(r.documentNumber)}</h3>
${definitions([
  ['被监督单位', agencyName(agencies, r.agencyId)],
  ['整改结果', named(RECTIFICATION_OUTCOMES, r.outcome)],
  ['整改情况', r.publicSummary],
  ['责任追究', r.accountabilityRecorded ? '已追究相关责任' : '无'],
  ['办结日期', day(r.closedAt)],
])}</li>`,
    )
    .join('');
  return page(
    '整改落实情况',
    countyCode,
    `<p>执法监督机构发出监督文书、督促整改并决定公开的整改落实结果。</p>
<form method="get" action="/portal/counties/${escapeHtml(countyCode)}/rectifications" aria-label="查询整改落实情况">
<label for="ag">被监督单位<select id="ag" name="agencyId"><option value="">全部</option>${options}</select></label>
<button type="submit">查询</button></form>
<section aria-live="polite" aria-labelledby="list"><h2 id="list">已公开的整改落实情况</h2>${
      items === '' ? '<p>暂无公开的整改落实情况。</p>' : `<ol class="results">${items}</ol>`
    }
${next(nextHref, '下一页')}</section>`,
  );
}

export function evaluationsPage(
  countyCode: string,
  year: number,
  ranked: readonly (PublicEvaluationView & { readonly rank: number })[],
  agencies: AgencyNames,
): string {
  const rows = ranked.map(
    (e) =>
      `<tr><td>${e.rank}</td><th scope="row">${escapeHtml(agencyName(agencies, e.agencyId))}</th><td>${points(e.centipoints)}</td><td>${escapeHtml(e.gradeName || e.grade)}</td><td>${day(e.publishedAt)}</td></tr>`,
  );
  const details = ranked
    .map(
      (
        e,
      ) => `<section aria-labelledby="ev-${escapeHtml(e.evaluationId)}"><h3 id="ev-${escapeHtml(e.evaluationId)}">${escapeHtml(agencyName(agencies, e.agencyId))}：${points(e.centipoints)} 分，${escapeHtml(e.gradeName || e.grade)}</h3>
${table(
  `${agencyName(agencies, e.agencyId)} 各项指标得分`,
  ['指标', '权重', '得分'],
  e.indicators.map(
    (i) =>
      `<tr><th scope="row">${escapeHtml(i.name || i.code)}</th><td>${i.weight}</td><td>${i.centipoints === null ? '不适用（权重按比例折算）' : points(i.centipoints)}</td></tr>`,
  ),
)}${e.gradeReasons.length > 0 ? `<p>等次说明：</p><ul>${e.gradeReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}</section>`,
    )
    .join('');
  return page(
    `${year} 年度执法监督评议结果`,
    countyCode,
    `<p>对各行政执法主体年度依法行政、执法质量的评议考核结果（满分 100 分），按总分排名。名次只在已公布的单位之间排列。</p>
${yearForm(`/portal/counties/${countyCode}/evaluations`, '按年度查询评议结果', year, false)}
<section aria-live="polite" aria-labelledby="ranking"><h2 id="ranking">评议结果</h2>${
      rows.length === 0
        ? '<p>该年度暂无公布的评议结果。</p>'
        : `${table(`${year} 年度评议结果（按总分排名）`, ['名次', '执法主体', '总分', '等次', '公布日期'], rows)}<h2>各项指标得分</h2>${details}`
    }</section>`,
  );
}

function reviewHeadline(r: PublicCaseFileReviewView): string {
  const s = r.summary;
  return `评查案卷 ${s.filesReviewed} 件（涉企 ${s.enterpriseFiles} 件，${s.enterpriseSharePercent.toFixed(2)}%），平均 ${s.averageScore.toFixed(2)} 分；优秀 ${s.excellent} 件、合格 ${s.qualified} 件、不合格 ${s.unqualified} 件`;
}

export function caseFileReviewsPage(countyCode: string, reviews: readonly PublicCaseFileReviewView[], nextHref?: string): string {
  const county = escapeHtml(countyCode);
  const items = reviews
    .map(
      (
        r,
      ) => `<li><h3><a href="/portal/counties/${county}/case-file-reviews/${escapeHtml(r.reviewId)}">${escapeHtml(r.title || r.reviewId)}</a></h3>
<p>${escapeHtml(named(SUPERVISION_FORMS, r.supervisionForm))} · 通报日期 ${day(r.publishedAt)}</p><p>${escapeHtml(reviewHeadline(r))}</p></li>`,
    )
    .join('');
  return page(
    '案卷评查通报',
    countyCode,
    `<p>执法监督机构随机抽取已办结的行政执法案卷，按评查标准逐卷评分，并通报评查结果和常见问题。</p>
<section aria-live="polite" aria-labelledby="list"><h2 id="list">已通报的案卷评查</h2>${
      items === '' ? '<p>暂无通报的案卷评查。</p>' : `<ol class="results">${items}</ol>`
    }
${next(nextHref, '下一页')}</section>`,
  );
}

export function caseFileReviewPage(countyCode: string, r: PublicCaseFileReviewView, agencies: AgencyNames): string {
  const s = r.summary;
  return page(
    r.title || '案卷评查通报',
    countyCode,
    `${definitions([
      ['监督方式', named(SUPERVISION_FORMS, r.supervisionForm)],
      ['评查案卷结案期间', r.periodFrom || r.periodTo ? `${day(r.periodFrom)} 至 ${dayBefore(r.periodTo)}` : ''],
      ['通报日期', day(r.publishedAt)],
    ])}
<section aria-labelledby="overall"><h2 id="overall">总体情况</h2><p>${escapeHtml(reviewHeadline(r))}。</p>
${table(
  '各类别评查案卷数',
  ['执法类别', '案卷数'],
  s.byCategory.map((c) => `<tr><th scope="row">${escapeHtml(categoryName(c.category))}</th><td>${c.files}</td></tr>`),
)}</section>
<section aria-labelledby="agencies"><h2 id="agencies">各执法主体情况</h2>${table(
      '各执法主体评查结果',
      ['执法主体', '案卷数', '平均分', '不合格', '问题数'],
      s.byAgency.map(
        (a) =>
          `<tr><th scope="row">${escapeHtml(agencyName(agencies, a.agencyId))}</th><td>${a.files}</td><td>${a.averageScore.toFixed(2)}</td><td>${a.unqualified}</td><td>${a.problems}</td></tr>`,
      ),
    )}</section>
<section aria-labelledby="problems"><h2 id="problems">常见问题</h2>${
      s.problemsByItem.length === 0
        ? '<p>未发现问题。</p>'
        : table(
            '各评查项目发现的问题（按次数排列）',
            ['评查项目', '问题数'],
            s.problemsByItem.map((p) => `<tr><th scope="row">${escapeHtml(p.name || p.itemCode)}</th><td>${p.count}</td></tr>`),
          )
    }</section>
<section aria-labelledby="conclusion"><h2 id="conclusion">评查结论</h2><p>${escapeHtml(r.conclusion)}</p></section>
<p><a href="/portal/counties/${escapeHtml(countyCode)}/case-file-reviews">返回案卷评查通报列表</a></p>`,
  );
}
