import { describe, expect, it } from 'vitest';
import { penaltyRulesUsed, provincesCited, ruleFlags } from '../../src/domain/jurisdiction/penalty-rules.js';

const HUAYUAN = '433124'; // 湖南
const SONGTAO = '522229'; // 贵州
const XIUSHAN = '500241'; // 重庆

describe('per-jurisdiction penalty rules', () => {
  const basis = '《重庆市环境保护条例》第一百零八条，按日连续处罚，并处以倍罚';

  it('reads the rules a decision applied and the provinces whose regulations it cites', () => {
    expect(penaltyRulesUsed(basis)).toEqual(['multiplied_fine', 'daily_fine']);
    expect(provincesCited(basis)).toEqual(['50']);
    expect(penaltyRulesUsed('《中华人民共和国大气污染防治法》第九十九条，处十万元以上一百万元以下罚款')).toEqual([]);
    expect(provincesCited('《湖南省环境保护条例》第三十条')).toEqual(['43']);
  });

  it('flags a Hunan penalty that uses a Chongqing-only rule or cites Chongqing’s regulation', () => {
    const flags = ruleFlags(HUAYUAN, penaltyRulesUsed(basis), provincesCited(basis));
    expect(flags.map((f) => [f.code, f.rule])).toEqual([
      ['RULE_NOT_IN_JURISDICTION', 'multiplied_fine'],
      ['RULE_NOT_IN_JURISDICTION', 'daily_fine'],
      ['FOREIGN_REGULATION_CITED', '50'],
    ]);
    expect(flags[1]!.message).toContain('重庆市');
    expect(ruleFlags(SONGTAO, ['daily_fine'], [])).toHaveLength(1);
  });

  it('does not flag the same penalty in Chongqing', () => {
    expect(ruleFlags(XIUSHAN, penaltyRulesUsed(basis), provincesCited(basis))).toEqual([]);
  });
});
