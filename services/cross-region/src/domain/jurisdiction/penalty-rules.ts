/**
 * Penalty rules that exist only in some jurisdictions (各地法规差异), e.g. Chongqing's
 * multiplied and daily fines (《重庆市环境保护条例》2007: 倍罚制、日罚制) that Hunan and Guizhou
 * do not have. A jurisdiction is a province (2-digit prefix of the county code) or a county
 * (its 6 digits). An act is judged by the rules of the county where it was done.
 */
export interface PenaltyRule {
  readonly name: string;
  /** Province prefixes or county codes that have the rule. */
  readonly jurisdictions: readonly string[];
  /** Words in a decision's legal basis or content that show the rule was applied. */
  readonly markers: readonly string[];
}

export const PENALTY_RULES = {
  multiplied_fine: { name: '倍罚制（按违法排污费的倍数处罚）', jurisdictions: ['50'], markers: ['倍罚', '加倍处罚', '按倍数处罚'] },
  daily_fine: { name: '日罚制（按日连续处罚）', jurisdictions: ['50'], markers: ['日罚', '按日连续处罚', '按日计罚'] },
} as const satisfies Record<string, PenaltyRule>;
export type PenaltyRuleId = keyof typeof PENALTY_RULES;

/** Provincial names as they appear in the titles of local regulations (地方性法规). */
export const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '31': '上海市',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
};

/** The rules a decision applied, read from its legal basis and content. */
export function penaltyRulesUsed(text: string): PenaltyRuleId[] {
  return (Object.keys(PENALTY_RULES) as PenaltyRuleId[]).filter((id) => PENALTY_RULES[id].markers.some((m) => text.includes(m)));
}

/** Provinces whose own regulations (《…省/市…条例/办法》) a decision cites. */
export function provincesCited(text: string): string[] {
  const cited: string[] = [];
  for (const [prefix, name] of Object.entries(PROVINCES)) {
    if (new RegExp(`《${name}[^》]*》`).test(text)) cited.push(prefix);
  }
  return cited;
}

export interface RuleFlag {
  readonly code: 'RULE_NOT_IN_JURISDICTION' | 'FOREIGN_REGULATION_CITED';
  readonly rule: string;
  readonly message: string;
}

const hasRule = (countyCode: string, rule: PenaltyRule) => rule.jurisdictions.some((j) => countyCode.startsWith(j));

/**
 * What is wrong with a penalty of `countyCode` that applied `used` rules and cited the
 * regulations of `cited` provinces: a rule its jurisdiction does not have, or another
 * province's regulation as a basis.
 */
export function ruleFlags(countyCode: string, used: readonly string[], cited: readonly string[]): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const id of used) {
    const rule = (PENALTY_RULES as Record<string, PenaltyRule>)[id];
    if (rule && !hasRule(countyCode, rule)) {
      const where = rule.jurisdictions.map((j) => PROVINCES[j] ?? j).join('、');
      flags.push({
        code: 'RULE_NOT_IN_JURISDICTION',
        rule: id,
        message: `适用了${rule.name}，该规则仅${where}有规定，区县 ${countyCode} 所在地没有`,
      });
    }
  }
  for (const prefix of cited) {
    if (!countyCode.startsWith(prefix)) {
      flags.push({
        code: 'FOREIGN_REGULATION_CITED',
        rule: prefix,
        message: `引用了${PROVINCES[prefix] ?? prefix}的地方性法规，不适用于区县 ${countyCode}`,
      });
    }
  }
  return flags;
}
