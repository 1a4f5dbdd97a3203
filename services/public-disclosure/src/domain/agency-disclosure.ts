import { ENFORCEMENT_CATEGORIES, type EnforcementCategory } from '@lesp/core';

/**
 * The fixed parts of an agency's seven public items (执法公示 "七项": 法定依据、职责权限、执法程序、
 * 执法人员、相对人权利、执法结果、救济途径): the procedure of each category, the parties' rights
 * and the remedies, as the laws state them. Pure data.
 */
const PROCEDURES: Record<EnforcementCategory, readonly string[]> = {
  licensing: ['申请', '受理（或不予受理）', '审查', '听证（依法需要时）', '法制审核（重大决定）', '决定', '送达', '归档'],
  penalty: [
    '立案',
    '调查取证（二名以上执法人员，出示执法证件）',
    '告知拟处罚内容及陈述、申辩、听证权利',
    '听证（依申请）',
    '法制审核（重大决定）',
    '决定',
    '送达',
    '执行',
    '结案',
    '归档',
  ],
  coercion: ['立案', '调查取证', '告知', '法制审核（重大决定）', '决定', '送达', '执行（或申请法院强制执行）', '结案', '归档'],
  inspection: ['检查备案', '出示执法证件，说明来意', '检查并制作检查记录', '检查结论', '送达', '归档'],
  levy: ['立案或申请', '受理', '调查核实', '听证（依法需要时）', '决定', '送达', '执行', '归档'],
  benefit: ['申请', '受理', '审核', '决定', '送达', '给付', '归档'],
  confirmation: ['申请', '受理', '审核', '决定', '送达', '归档'],
  adjudication: ['申请', '受理', '调查', '听证（依法需要时）', '裁决', '送达', '归档'],
  compensation: ['申请', '受理', '审核', '决定', '送达', '归档'],
  award: ['推荐或申请', '审核', '公示', '决定', '归档'],
};

export interface ProcedureItem {
  readonly category: EnforcementCategory;
  readonly categoryName: string;
  readonly steps: readonly string[];
}

/** The procedures of the categories the agency's power list names (all ten when it names none). */
export function proceduresFor(categories: readonly string[]): ProcedureItem[] {
  const known = (Object.keys(PROCEDURES) as EnforcementCategory[]).filter((c) => categories.length === 0 || categories.includes(c));
  return known.map((category) => ({ category, categoryName: ENFORCEMENT_CATEGORIES[category], steps: PROCEDURES[category] }));
}

export const RIGHTS_OF_PARTIES: readonly string[] = [
  '知情权：执法人员应出示执法证件，告知执法事由、依据和拟作出决定的内容',
  '陈述、申辩权：对拟作出的决定可以陈述、申辩，执法机关不得因申辩加重处罚',
  '听证权：较大数额罚款、吊销许可证件、责令停产停业等决定前可以要求听证',
  '申请回避权：执法人员与案件有直接利害关系的，可以申请其回避',
  '保密权：涉及商业秘密、个人隐私的，执法机关应依法保密',
  '投诉举报权：对执法行为可以向执法监督机构投诉举报',
];

export const REMEDIES: readonly string[] = [
  '行政复议：自知道该行政行为之日起六十日内，向有管辖权的行政复议机关申请行政复议（《行政复议法》第二十条）',
  '行政诉讼：自知道或者应当知道作出行政行为之日起六个月内，向人民法院提起行政诉讼（《行政诉讼法》第四十六条）',
  '国家赔偿：合法权益受到行政机关违法行使职权侵犯造成损害的，可以依法请求国家赔偿',
];
