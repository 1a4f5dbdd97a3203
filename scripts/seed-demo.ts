/**
 * Demo data for the start command: the enforcement agencies of the counties named in the
 * source documents (冷水滩区 from the 2023 report, 上蔡县, and the 锰三角 counties 花垣、
 * 松桃、秀山) and three officers of each (scripts/demo-roster.ts). Registered through case
 * intake's public HTTP API, like any client would, so every other service receives them
 * through Kafka. Safe to run again.
 *
 *   node --import tsx scripts/seed-demo.ts http://127.0.0.1:4101 .local-data/dev-issuer
 */
import { DevIssuer } from '@lesp/auth';
import { DEMO_COUNTIES, demoAgencies, demoOfficers } from './demo-roster.js';

const base = process.argv[2] ?? 'http://127.0.0.1:4101';
// Registering agencies and officers is a county supervisor's act: one supervisor per county.
const issuer = await DevIssuer.inFolder(process.argv[3] ?? '.local-data/dev-issuer');
const counts = { agencies: 0, officers: 0, existing: 0 };

async function post(token: string, path: string, body: unknown, what: string): Promise<boolean> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (response.status === 201) return true;
  if (response.status === 409) {
    counts.existing++;
    return false;
  }
  throw new Error(`seeding ${what} failed: ${response.status} ${await response.text()}`);
}

for (const countyCode of Object.keys(DEMO_COUNTIES)) {
  const token = await issuer.token({ subject: `demo-supervisor-${countyCode}`, role: 'county_supervisor', countyCode });
  for (const agency of demoAgencies(countyCode)) {
    const body = { ...agency, kind: '行政机关', legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国行政许可法》' };
    if (await post(token, `/api/v1/counties/${countyCode}/agencies`, body, agency.name)) counts.agencies++;
  }
  for (const officer of demoOfficers(countyCode)) {
    const body = {
      ...officer,
      certificateValidUntil: '2030-12-31T16:00:00.000Z',
      enforcementAreas: ['行政许可', '行政处罚', '行政检查'],
    };
    if (await post(token, `/api/v1/counties/${countyCode}/officers`, body, `officer ${officer.officerId}`)) counts.officers++;
  }
}
console.log(`demo data: ${counts.agencies} agencies and ${counts.officers} officers registered, ${counts.existing} already there`);
