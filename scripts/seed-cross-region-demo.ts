/**
 * Demo data of cross-region coordination for the start command: the 锰三角 agreement of 花垣
 * (433124), 松桃 (522229) and 秀山 (500241) (seed 000), signed by all three; a tailings leak in
 * 秀山 handled by 秀山 with 花垣 and 松桃 supervising; 松桃's advice to 花垣 on tailings dams
 * before the flood season. Through cross-region's public HTTP API, each command with an
 * Idempotency-Key, so running it again records nothing new.
 *
 *   node --import tsx scripts/seed-cross-region-demo.ts http://127.0.0.1:4103 .local-data/dev-issuer
 */
import { DevIssuer } from '@lesp/auth';

const base = process.argv[2] ?? 'http://127.0.0.1:4103';
const issuer = await DevIssuer.inFolder(process.argv[3] ?? '.local-data/dev-issuer');
const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const token: Record<string, string> = {};
for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
  token[county] = await issuer.token({ subject: `demo-supervisor-${county}`, role: 'county_supervisor', countyCode: county });
}

async function post(county: string, path: string, key: string, body: unknown = {}): Promise<string> {
  const response = await fetch(`${base}/api/v1/counties/${county}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token[county]}`, 'idempotency-key': `demo-mst-${key}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { aggregateId?: string; error?: { code: string } };
  // A state the demo reached before (signed, decided, answered) is as good as doing it now.
  if (response.status === 409 && answer.error) return '';
  if (response.status >= 300 || !answer.aggregateId) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer.aggregateId;
}

/** The record, once this service's read model has it (the next command is looked up there). */
async function visible(county: string, path: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const response = await fetch(`${base}/api/v1/counties/${county}${path}`, { headers: { authorization: `Bearer ${token[county]}` } });
    if (response.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path} did not become visible`);
}

const agreementId = await post(HUAYUAN, '/agreements', 'agreement', {
  name: '“锰三角”区域环境联合治理合作框架协议',
  members: [HUAYUAN, SONGTAO, XIUSHAN],
  hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
  fields: ['生态环境', '水污染防治', '尾矿库安全'],
  sharedData: [HUAYUAN, SONGTAO, XIUSHAN].map((countyCode) => ({ countyCode, dataKinds: ['enforcement_acts', 'alerts'] })),
  rulePacks: ['standard'],
  effectiveFrom: '2026-01-01T00:00:00+08:00',
});
for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
  await visible(county, `/agreements/${agreementId}`);
  await post(county, `/agreements/${agreementId}/signature`, `sign-${county}`);
}
const incidentId = await post(XIUSHAN, `/agreements/${agreementId}/cross-border-incidents`, 'incident', {
  locationCounty: XIUSHAN,
  title: '电解锰企业尾矿库泄漏',
  description: '秀山某电解锰企业尾矿库泄漏，造成下游花垣水质污染',
  occurredAt: '2026-05-03T08:00:00+08:00',
});
await visible(XIUSHAN, `/cross-border-incidents/${incidentId}`);
await post(XIUSHAN, `/cross-border-incidents/${incidentId}/jurisdiction`, 'jurisdiction', {
  handlingCounty: XIUSHAN,
  supervisingCounties: [HUAYUAN, SONGTAO],
  basis: 'consent',
  consentingCounties: [HUAYUAN, SONGTAO, XIUSHAN],
});
await post(SONGTAO, `/agreements/${agreementId}/administrative-advice`, 'advice', {
  toCounty: HUAYUAN,
  subject: '汛期前排查整治尾矿库隐患',
  content: '花垣县多家电解锰企业尾矿库无排洪泄渗设施，汛期将至，建议督促企业在汛期前排除隐患',
  sentAt: '2026-04-13T09:00:00+08:00',
  dueAt: '2026-05-13T00:00:00+08:00',
});
console.log(`cross-region demo: 锰三角 agreement ${agreementId}, incident ${incidentId}`);
