/**
 * Demo data for the start command: the enforcement agencies of the counties named in the
 * source documents (冷水滩区 from the 2023 report, 上蔡县, and the 锰三角 counties 花垣、
 * 松桃、秀山). Registered through case intake's public HTTP API, like any client would, so
 * every other service receives them through Kafka. Safe to run again.
 *
 *   node --import tsx scripts/seed-demo.ts http://127.0.0.1:4101 .local-data/dev-issuer
 */
import { DevIssuer } from '@lesp/auth';
import { creditCodeCheckChar } from '@lesp/core';

const COUNTIES: Record<string, { prefix: string; agencies: string[] }> = {
  '431103': {
    prefix: '冷水滩区',
    agencies: [
      '市场监督管理局',
      '城市管理和综合执法局',
      '自然资源局',
      '生态环境分局',
      '交通运输局',
      '卫生健康局',
      '应急管理局',
      '住房和城乡建设局',
      '水利局',
      '林业局',
      '民政局',
      '教育局',
      '医疗保障局',
      '农业农村局',
    ],
  },
  '411722': { prefix: '上蔡县', agencies: ['市场监督管理局', '交通运输局', '自然资源局', '卫生健康委员会'] },
  '433124': { prefix: '花垣县', agencies: ['生态环境局', '自然资源局', '应急管理局', '水利局'] },
  '522229': { prefix: '松桃苗族自治县', agencies: ['生态环境局', '自然资源局', '水务局'] },
  '500241': { prefix: '秀山土家族苗族自治县', agencies: ['生态环境局', '规划和自然资源局', '应急管理局'] },
};

/** A well-formed unified social credit code (机关: 11, then the county code, then a serial). */
function creditCode(countyCode: string, serial: number): string {
  const first17 = `11${countyCode}MB${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

const base = process.argv[2] ?? 'http://127.0.0.1:4101';
// Registering agencies is a county supervisor's act: one supervisor per county.
const issuer = await DevIssuer.inFolder(process.argv[3] ?? '.local-data/dev-issuer');
let created = 0;
let existing = 0;
for (const [countyCode, { prefix, agencies }] of Object.entries(COUNTIES)) {
  const token = await issuer.token({ subject: `demo-supervisor-${countyCode}`, role: 'county_supervisor', countyCode });
  for (const [index, agency] of agencies.entries()) {
    const response = await fetch(`${base}/api/v1/counties/${countyCode}/agencies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        agencyId: `demo-${index + 1}`,
        name: `${prefix}${agency}`,
        creditCode: creditCode(countyCode, index + 1),
        kind: '行政机关',
        legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国行政许可法》',
      }),
    });
    if (response.status === 201) created++;
    else if (response.status === 409) existing++;
    else throw new Error(`seeding ${prefix}${agency} failed: ${response.status} ${await response.text()}`);
  }
}
console.log(`demo data: ${created} agencies registered, ${existing} already there`);
