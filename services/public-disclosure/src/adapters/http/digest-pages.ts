import type { PublicDigestView } from '../../application/public-digest-queries.js';
import { SEALING_SERVICES } from '../../application/projections/public-digests.js';
import { escapeHtml, page } from './portal-pages.js';

/** The systems whose logs are sealed, as a citizen knows them. */
export const SERVICE_NAMES: Record<string, string> = {
  'case-intake': '执法信息归集',
  supervision: '执法监督',
  'cross-region': '跨区域协同',
  'public-disclosure': '执法公示',
};

export interface DigestForm {
  readonly from?: string;
  readonly to?: string;
  readonly service?: string;
}

function beijingTime(at: Date | undefined): string {
  return at ? `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）` : '';
}

/**
 * The daily digests (数据完整性日摘要) of a county, newest day first, with what they prove and
 * how to check them. Pure; every value escaped.
 */
export function digestsPage(countyCode: string, form: DigestForm, digests: readonly PublicDigestView[], nextHref?: string): string {
  const county = escapeHtml(countyCode);
  const options = SEALING_SERVICES.map(
    (s) => `<option value="${s}"${form.service === s ? ' selected' : ''}>${escapeHtml(SERVICE_NAMES[s] ?? s)}</option>`,
  ).join('');
  const rows = digests
    .map(
      (d) =>
        `<tr><th scope="row">${escapeHtml(d.day)}</th><td>${escapeHtml(SERVICE_NAMES[d.service] ?? d.service)}</td><td>${d.eventCount}</td>` +
        `<td><code style="overflow-wrap:anywhere">${escapeHtml(d.merkleRoot)}</code></td><td>${escapeHtml(beijingTime(d.sealedAt))}</td></tr>`,
    )
    .join('');
  return page(
    '数据完整性日摘要',
    countyCode,
    `<p>本平台的执法信息归集、执法监督、跨区域协同和执法公示系统，每天对本县（区）当日<strong>入库</strong>的全部记录计算一个摘要值并封存公布。
记录事后被修改、删除，或被补插到已封存的日期，重新计算的摘要值都会与这里公布的不一致。</p>
<p>摘要按记录的入库日期（北京时间）计算，而不是事情发生的日期：事后补录的事实计入补录当天，不会改变已封存的日期。
没有新记录的日期也会封存（记录条数为 0），以证明当天没有记录。</p>
<section aria-labelledby="how"><h2 id="how">如何核验</h2>
<p>摘要值是当天记录的默克尔树根（RFC 6962，SHA-256）：每条记录按其全部内容重新计算的哈希值为叶，按入库时间、记录流、版本排序。
持有记录导出文件或数据库只读权限的审计人员可运行 <code>pnpm verify-digest --service case-intake --county ${county} --day 日期 --public-url 本站地址</code>，
由原始记录重新计算并与本页公布的摘要值比对。</p>
<p>数据接口：<a href="/api/v1/public/counties/${county}/daily-digests">/api/v1/public/counties/${county}/daily-digests</a>（说明见 <a href="/docs">/docs</a>）。</p></section>
<form method="get" action="/portal/counties/${county}/daily-digests" aria-label="按日期和系统查询日摘要">
<label for="from">日期自<input id="from" name="from" type="date" value="${escapeHtml(form.from)}"></label>
<label for="to">至<input id="to" name="to" type="date" value="${escapeHtml(form.to)}"></label>
<label for="service">系统<select id="service" name="service"><option value="">全部</option>${options}</select></label>
<button type="submit">查询</button></form>
<section aria-live="polite" aria-labelledby="list"><h2 id="list">日摘要</h2>${
      rows === ''
        ? '<p>没有符合条件的日摘要（当天结束约 15 分钟后封存）。</p>'
        : `<div style="overflow-x:auto"><table><caption>日摘要（最新日期在前）</caption><thead><tr><th scope="col">日期</th><th scope="col">系统</th><th scope="col">记录条数</th><th scope="col">摘要值（默克尔树根）</th><th scope="col">封存时间</th></tr></thead><tbody>${rows}</tbody></table></div>`
    }
${nextHref ? `<p><a href="${escapeHtml(nextHref)}" rel="next">更早的日摘要</a></p>` : ''}</section>`,
  );
}
