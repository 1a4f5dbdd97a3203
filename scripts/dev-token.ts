/**
 * Mints a token from the development issuer (keys in .local-data/dev-issuer, made by
 * scripts/up.sh), for trying the APIs with curl. Not available in production: services
 * there refuse the development issuer.
 *
 *   node --import tsx scripts/dev-token.ts county_supervisor 431103
 *   node --import tsx scripts/dev-token.ts agency_clerk 431103 demo-1
 *   node --import tsx scripts/dev-token.ts regional_viewer --region 43
 *   node --import tsx scripts/dev-token.ts task_force_member --agreement 433124,522229,500241
 *   node --import tsx scripts/dev-token.ts operator
 *   node --import tsx scripts/dev-token.ts service --subject public-disclosure --ttl-hours 720
 */
import { parseArgs } from 'node:util';
import { DevIssuer, ROLES } from '@lesp/auth';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    region: { type: 'string' },
    agreement: { type: 'string' },
    subject: { type: 'string' },
    dir: { type: 'string' },
    'ttl-hours': { type: 'string' },
  },
});
const [role, countyCode, agencyId] = positionals;
if (!role || !(ROLES as readonly string[]).includes(role)) {
  console.error(`usage: dev-token.ts <${ROLES.join('|')}> [county] [agency] [--region 43] [--agreement a,b]`);
  process.exit(2);
}
const issuer = await DevIssuer.inFolder(values.dir ?? `${process.cwd()}/.local-data/dev-issuer`);
console.log(
  await issuer.token({
    subject: values.subject ?? `dev-${role}${countyCode ? `-${countyCode}` : ''}`,
    role,
    ...(countyCode ? { countyCode } : {}),
    ...(agencyId ? { agencyId } : {}),
    ...(values.region ? { regionCode: values.region } : {}),
    ...(values.agreement ? { agreementCounties: values.agreement.split(',') } : {}),
    ttlSeconds: Math.round(Number(values['ttl-hours'] ?? 12) * 3600),
  }),
);
