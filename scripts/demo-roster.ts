/**
 * Who the demo data is about: the enforcement agencies of the counties named in the source
 * documents (冷水滩区 from the 2023 report, 上蔡县, and the 锰三角 counties 花垣、松桃、秀山),
 * and three officers per agency. scripts/seed-demo.ts registers them; the demo year
 * generator (scripts/demo-year.ts) writes acts that name them. All people here are made up.
 */
import { creditCodeCheckChar, residentIdCheckChar } from '@lesp/core';

export const DEMO_COUNTIES: Record<string, { prefix: string; agencies: string[] }> = {
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

export const OFFICERS_PER_AGENCY = 3;

export interface DemoAgency {
  readonly agencyId: string;
  readonly name: string;
  readonly creditCode: string;
}

export interface DemoOfficer {
  readonly officerId: string;
  readonly agencyId: string;
  readonly name: string;
  readonly idNumber: string;
  readonly certificateNumber: string;
}

/** A well-formed unified social credit code (机关: 11, then the county code, then a serial). */
export function agencyCreditCode(countyCode: string, serial: number): string {
  const first17 = `11${countyCode}MB${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

export function demoAgencies(countyCode: string): DemoAgency[] {
  const county = DEMO_COUNTIES[countyCode];
  if (!county) throw new Error(`no demo agencies for county ${countyCode}`);
  return county.agencies.map((name, index) => ({
    agencyId: `demo-${index + 1}`,
    name: `${county.prefix}${name}`,
    creditCode: agencyCreditCode(countyCode, index + 1),
  }));
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志文斌宇浩晨欣怡佳琪子轩雨涵思远俊杰晓燕海燕春梅冬梅秋菊德胜永强';

/** A made-up Chinese name from a random source. */
export function fakeName(random: () => number): string {
  const surname = SURNAMES.charAt(Math.floor(random() * SURNAMES.length));
  const length = random() < 0.6 ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i++) given += GIVEN.charAt(Math.floor(random() * GIVEN.length));
  return surname + given;
}

/** A made-up resident ID number of the county with a valid check character (GB 11643). */
export function fakeIdNumber(countyCode: string, random: () => number): string {
  const year = 1950 + Math.floor(random() * 54);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const sequence = Math.floor(random() * 1000);
  const first17 = `${countyCode}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A made-up mainland mobile number. */
export function fakeMobile(random: () => number): string {
  const prefixes = ['130', '133', '135', '138', '139', '150', '152', '158', '176', '180', '186', '189', '199'];
  let rest = '';
  for (let i = 0; i < 8; i++) rest += Math.floor(random() * 10);
  return prefixes[Math.floor(random() * prefixes.length)]! + rest;
}

/** A made-up enterprise credit code of the county (企业: 91), valid check character. */
export function fakeEnterpriseCreditCode(countyCode: string, random: () => number): string {
  let org = '';
  for (let i = 0; i < 8; i++) org += Math.floor(random() * 10);
  const first17 = `91${countyCode}${org}${Math.floor(random() * 10)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Deterministic pseudo-random numbers in [0, 1) from a seed text (mulberry32 over an FNV-1a hash). */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The officers of a county's demo agencies: `demo-<n>-o1` … `demo-<n>-o3`, the same every time. */
export function demoOfficers(countyCode: string): DemoOfficer[] {
  return demoAgencies(countyCode).flatMap((agency, a) =>
    Array.from({ length: OFFICERS_PER_AGENCY }, (_, k) => {
      const random = seededRandom(`officer/${countyCode}/${agency.agencyId}/${k}`);
      return {
        officerId: `${agency.agencyId}-o${k + 1}`,
        agencyId: agency.agencyId,
        name: fakeName(random),
        idNumber: fakeIdNumber(countyCode, random),
        certificateNumber: `${countyCode.slice(0, 2)}${countyCode}${String(a + 1).padStart(3, '0')}${k + 1}`,
      };
    }),
  );
}
