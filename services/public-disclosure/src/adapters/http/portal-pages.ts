import { ENFORCEMENT_CATEGORIES, isEnforcementCategory } from '@lesp/core';
import type { AgencyDisclosureView, PublicAgencyView } from '../../application/public-agency-queries.js';
import type { PublicDecisionView } from '../../application/public-decision-queries.js';
import type { AnnualStatistics, CategoryFigures } from '../../application/public-statistics-queries.js';

/**
 * Server-rendered portal pages (执法公示平台), in Chinese: plain HTML with headings, labels and
 * a form that works without script, one column on a phone. Every value is escaped. Pure.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;line-height:1.6;color:#1a1a1a}
header,main,footer{max-width:960px;margin:0 auto;padding:0 1rem}header{border-bottom:2px solid #b30000}
a{color:#0645ad}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f4b400}
form{display:grid;gap:.5rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));align-items:end}
label{display:flex;flex-direction:column;font-weight:600}input,select,button{font-size:1rem;padding:.4rem}
ol.results{padding-left:1.2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}fieldset label{flex-direction:row;align-items:center;gap:.5rem;font-weight:400}.notice{background:#fff4e5;border-left:4px solid #b36b00;padding:.5rem}`;

export function page(title: string, countyCode: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 行政执法公示</title><style>${STYLE}</style></head>
<body><a href="#main" class="skip">跳到正文</a>
<header><p><a href="/portal/counties/${escapeHtml(countyCode)}">行政执法公示平台（${escapeHtml(countyCode)}）</a></p></header>
<main id="main"><h1>${escapeHtml(title)}</h1>${body}</main>
<footer><p>依法公示的信息已对自然人姓名、身份证号码、电话号码和详细住址作隐私处理。</p></footer></body></html>`;
}

/** An enforcement category's Chinese name (its code when unknown). */
export function categoryName(code: string): string {
  return isEnforcementCategory(code) ? ENFORCEMENT_CATEGORIES[code] : code;
}

const OUTCOMES: Record<string, string> = {
  granted: '准予',
  partially_granted: '部分准予',
  denied: '不予',
  penalized: '处罚',
  no_penalty: '不予处罚',
  measure: '采取强制措施',
  execution: '强制执行',
  lifted: '解除强制措施',
  compliant: '合格',
  non_compliant: '不合格',
};

function outcomeName(code: string): string {
  return OUTCOMES[code] ?? code;
}

/** A China (UTC+8) calendar day. */
export function day(at: Date | undefined): string {
  return at ? new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '';
}

function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2)} 元`;
}

export interface SearchForm {
  readonly keyword?: string;
  readonly category?: string;
  readonly agencyId?: string;
  readonly from?: string;
  readonly to?: string;
}

export function searchForm(countyCode: string, form: SearchForm, agencies: readonly PublicAgencyView[]): string {
  const options = Object.entries(ENFORCEMENT_CATEGORIES)
    .map(([code, name]) => `<option value="${code}"${form.category === code ? ' selected' : ''}>${escapeHtml(name)}</option>`)
    .join('');
  const agencyOptions = agencies
    .map(
      (a) => `<option value="${escapeHtml(a.agencyId)}"${form.agencyId === a.agencyId ? ' selected' : ''}>${escapeHtml(a.name)}</option>`,
    )
    .join('');
  return `<form method="get" action="/portal/counties/${escapeHtml(countyCode)}/decisions" role="search" aria-label="检索执法决定">
<label for="kw">关键词<input id="kw" name="keyword" maxlength="20" value="${escapeHtml(form.keyword)}"></label>
<label for="cat">执法类别<select id="cat" name="category"><option value="">全部</option>${options}</select></label>
<label for="ag">执法主体<select id="ag" name="agencyId"><option value="">全部</option>${agencyOptions}</select></label>
<label for="from">决定日期自<input id="from" name="from" type="date" value="${escapeHtml(form.from)}"></label>
<label for="to">至<input id="to" name="to" type="date" value="${escapeHtml(form.to)}"></label>
<button type="submit">检索</button></form>`;
}

export function homePage(countyCode: string, agencies: readonly PublicAgencyView[], lastCompleteYear: number): string {
  const list = agencies
    .map(
      (a) => `<li><a href="/portal/counties/${escapeHtml(countyCode)}/agencies/${escapeHtml(a.agencyId)}">${escapeHtml(a.name)}</a></li>`,
    )
    .join('');
  return page(
    '行政执法公示',
    countyCode,
    `<section aria-labelledby="search"><h2 id="search">执法决定检索</h2>${searchForm(countyCode, {}, agencies)}</section>
<section aria-labelledby="agencies"><h2 id="agencies">执法主体</h2>${list === '' ? '<p>暂无公示的执法主体。</p>' : `<ul>${list}</ul>`}</section>
<section aria-labelledby="complain"><h2 id="complain">投诉举报</h2><p><a href="/portal/counties/${escapeHtml(countyCode)}/complaints/new">在线投诉举报</a>（提交后凭查询码查询办理进度）</p></section>
<section aria-labelledby="more"><h2 id="more">其他公示</h2><ul>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/statistics?year=${lastCompleteYear}">${lastCompleteYear} 年度行政执法统计</a></li>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/random-inspections">双随机抽查任务及结果</a></li>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/rectifications">整改落实情况</a></li>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/evaluations">执法监督评议结果</a></li>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/case-file-reviews">案卷评查通报</a></li>
<li><a href="/portal/counties/${escapeHtml(countyCode)}/daily-digests">数据完整性日摘要（核验记录未被改动）</a></li></ul></section>`,
  );
}

/**
 * A search reads a bounded share of the decisions per request (newest months first), so an
 * empty page with more to read says so instead of "nothing found".
 */
function resultsBody(items: string, more: boolean): string {
  if (items !== '') return `<ol class="results">${items}</ol>`;
  return more ? '<p>较近的决定中没有符合条件的，可继续查找更早的决定。</p>' : '<p>没有符合条件的公示决定。</p>';
}

export function resultsPage(
  countyCode: string,
  form: SearchForm,
  agencies: readonly PublicAgencyView[],
  decisions: readonly PublicDecisionView[],
  nextHref: string | undefined,
): string {
  const items = decisions
    .map(
      (
        d,
      ) => `<li><h3><a href="/portal/counties/${escapeHtml(countyCode)}/decisions/${escapeHtml(d.actId)}">${escapeHtml(d.title || d.decisionNumber)}</a></h3>
<p>${escapeHtml(d.agencyName)} · ${escapeHtml(categoryName(d.category))} · 决定日期 ${day(d.decidedAt)}${d.status === 'corrected' ? ' · <strong>已更正</strong>' : ''}</p></li>`,
    )
    .join('');
  return page(
    '执法决定检索结果',
    countyCode,
    `${searchForm(countyCode, form, agencies)}
<section aria-live="polite"><h2>检索结果</h2>${resultsBody(items, nextHref !== undefined)}
${nextHref ? `<p><a href="${escapeHtml(nextHref)}" rel="next">${items === '' ? '继续查找更早的决定' : '下一页'}</a></p>` : ''}</section>`,
  );
}

export function decisionPage(countyCode: string, d: PublicDecisionView): string {
  const rows: [string, string][] = [
    ['执法主体', d.agencyName],
    ['执法类别', categoryName(d.category)],
    ['案件编号', d.caseNumber],
    ['决定文书号', d.decisionNumber],
    ['当事人', `${d.target.name}${d.target.creditCode ? `（统一社会信用代码 ${d.target.creditCode}）` : ''}`],
    ['决定结果', outcomeName(d.outcome)],
    ['法律依据', d.legalBasis],
    ['决定内容', d.content],
    ...(d.fineFen > 0 ? ([['罚款', yuan(d.fineFen)]] as [string, string][]) : []),
    ...(d.confiscationFen > 0 ? ([['没收违法所得', yuan(d.confiscationFen)]] as [string, string][]) : []),
    ['决定日期', day(d.decidedAt)],
    ['公示日期', day(d.publishedAt)],
  ];
  return page(
    d.title || d.decisionNumber,
    countyCode,
    `${d.status === 'corrected' ? `<p class="notice" role="note">${escapeHtml(d.correctionNote)}</p>` : ''}${d.typicalNote ? `<section aria-labelledby="typical"><h2 id="typical">典型案例</h2><p>${escapeHtml(d.typicalNote)}</p></section>` : ''}
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p><a href="/portal/counties/${escapeHtml(countyCode)}/agencies/${escapeHtml(d.agencyId)}">查看该执法主体的公示事项</a></p>`,
  );
}

export function agencyPage(countyCode: string, a: AgencyDisclosureView): string {
  const list = (items: readonly string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const powers = a.powers.map((p) => `${p.itemCode} ${p.name}（${categoryName(p.category)}）：${p.legalBasis}`);
  const officers = a.officers.map(
    (o) =>
      `<tr><td>${escapeHtml(o.name)}</td><td>${escapeHtml(o.certificateNumber)}</td><td>${escapeHtml(CERT_STATUS[o.certificateStatus] ?? o.certificateStatus)}</td></tr>`,
  );
  return page(
    a.agency.name,
    countyCode,
    `<p>统一社会信用代码：${escapeHtml(a.agency.creditCode)}</p>
<h2>一、法定依据</h2><p>${escapeHtml(a.legalBasis) || '（未登记）'}</p>
<h2>二、职责权限</h2>${powers.length > 0 ? list(powers) : '<p>（执法事项目录未登记）</p>'}
<h2>三、执法程序</h2>${a.procedures.map((p) => `<h3>${escapeHtml(p.categoryName)}</h3><ol>${p.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`).join('')}
<h2>四、执法人员</h2>${officers.length > 0 ? `<table><caption>执法人员及执法证状态</caption><thead><tr><th scope="col">姓名</th><th scope="col">执法证号</th><th scope="col">状态</th></tr></thead><tbody>${officers.join('')}</tbody></table>` : '<p>（暂无）</p>'}
<h2>五、相对人权利</h2>${list(a.rightsOfParties)}
<h2>六、执法结果</h2><p>已公示执法决定 ${a.publishedDecisions} 件。<a href="/portal/counties/${escapeHtml(countyCode)}/decisions?agencyId=${escapeHtml(a.agency.agencyId)}">查看</a></p>
<h2>七、救济途径</h2>${list(a.remedies)}`,
  );
}

const CERT_STATUS: Record<string, string> = { valid: '有效', suspended: '暂扣', revoked: '注销', lost: '遗失', expired: '已过期' };

/** Annual statistics: a bar chart (SVG, described for screen readers) and the figures as tables. */
export function statisticsPage(countyCode: string, s: AnnualStatistics): string {
  const totals = s.totals;
  const max = Math.max(1, ...totals.map((t) => t.decided));
  const barHeight = 28;
  const bars = totals
    .map((t, i) => {
      const width = Math.round((t.decided / max) * 200);
      const y = i * (barHeight + 8);
      return `<g><text x="0" y="${y + 19}" font-size="14">${escapeHtml(categoryName(t.category))}</text><rect x="76" y="${y}" width="${width}" height="${barHeight}" fill="#b30000"></rect><text x="${82 + width}" y="${y + 19}" font-size="14">${t.decided}</text></g>`;
    })
    .join('');
  const chart =
    totals.length === 0
      ? '<p>该年度没有执法数据。</p>'
      : `<figure><svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 340 ${totals.length * (barHeight + 8)}" width="100%" style="max-width:680px">
<title id="chart-title">${s.year} 年各类执法决定数量</title><desc id="chart-desc">${escapeHtml(totals.map((t) => `${categoryName(t.category)} ${t.decided} 件`).join('，'))}</desc>${bars}</svg>
<figcaption>${s.year} 年各类执法决定数量（件）</figcaption></figure>`;
  const table = (caption: string, rows: readonly CategoryFigures[]) =>
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">类别</th><th scope="col">立案/受理</th><th scope="col">决定</th><th scope="col">办结</th><th scope="col">罚没金额</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><th scope="row">${escapeHtml(categoryName(r.category))}</th><td>${r.opened}</td><td>${r.decided}</td><td>${r.closed}</td><td>${yuan(r.amountFen)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  return page(
    `${s.year} 年度行政执法统计`,
    countyCode,
    `${chart}<h2>全县合计</h2>${table('全县合计', totals)}${s.agencies
      .map((a) => `<h2>${escapeHtml(a.agencyName || a.agencyId)}</h2>${table(a.agencyName || a.agencyId, a.categories)}`)
      .join('')}`,
  );
}
