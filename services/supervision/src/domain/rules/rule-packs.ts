/**
 * Rule packs (规则包): rules are grouped in packs, a county enables a pack and sets its
 * parameters. Parameters are numbers with a range; a county that set nothing runs the packs
 * enabled by default with their defaults.
 */
export type PackId = 'standard' | 'enterprise-inspection' | 'community-corrections';

export interface ParameterDefinition {
  readonly name: string;
  readonly title: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

export interface RulePackDefinition {
  readonly packId: PackId;
  readonly title: string;
  readonly enabledByDefault: boolean;
  readonly parameters: readonly ParameterDefinition[];
}

export const RULE_PACKS: readonly RulePackDefinition[] = [
  {
    packId: 'standard',
    title: '行政执法监督通用规则包',
    enabledByDefault: true,
    parameters: [
      { name: 'minOfficersPerStep', title: '每个执法环节最少执法人员数', defaultValue: 2, min: 1, max: 10 },
      {
        name: 'disclosureWorkingDaysPenaltyLicensing',
        title: '行政处罚、行政许可决定公示期限（工作日）',
        defaultValue: 7,
        min: 1,
        max: 60,
      },
      { name: 'disclosureWorkingDaysOther', title: '其他执法决定公示期限（工作日）', defaultValue: 20, min: 1, max: 120 },
      { name: 'penaltyTimeLimitDays', title: '行政处罚案件办理期限（自然日，自立案起）', defaultValue: 90, min: 1, max: 730 },
      { name: 'licensingTimeLimitWorkingDays', title: '行政许可办理期限（工作日，自申请起）', defaultValue: 20, min: 1, max: 120 },
      { name: 'otherTimeLimitDays', title: '其他执法行为办理期限（自然日）', defaultValue: 60, min: 1, max: 730 },
      { name: 'majorPenaltyFilingWorkingDays', title: '重大行政处罚备案期限（工作日，自决定起）', defaultValue: 15, min: 1, max: 60 },
      { name: 'zeroEnforcementPeriodMonths', title: '零执法检查周期（月：1、3、6 或 12）', defaultValue: 3, min: 1, max: 12 },
      { name: 'trainingHoursPerYear', title: '执法人员年度培训学时下限', defaultValue: 40, min: 1, max: 200 },
    ],
  },
  {
    packId: 'enterprise-inspection',
    title: '涉企检查规则包',
    enabledByDefault: true,
    parameters: [
      { name: 'repeatInspectionWindowDays', title: '多头检查统计窗口（自然日）', defaultValue: 30, min: 1, max: 366 },
      { name: 'repeatInspectionMinAgencies', title: '同一企业被不同单位检查的单位数阈值', defaultValue: 2, min: 2, max: 10 },
    ],
  },
  {
    // Seed 000: 每月教育学习时间达不到八小时和参加社区服务时间达不到八小时, 脱管, 期满未及时办理手续.
    packId: 'community-corrections',
    title: '社区矫正监督规则包',
    enabledByDefault: true,
    parameters: [
      { name: 'correctionEducationHours', title: '社区矫正对象每月教育学习时间下限（小时）', defaultValue: 8, min: 1, max: 40 },
      { name: 'correctionCommunityServiceHours', title: '社区矫正对象每月社区服务时间下限（小时）', defaultValue: 8, min: 1, max: 40 },
    ],
  },
];

export function packById(packId: string): RulePackDefinition | undefined {
  return RULE_PACKS.find((pack) => pack.packId === packId);
}

export function defaultParameters(): Readonly<Record<string, number>> {
  return Object.fromEntries(RULE_PACKS.flatMap((pack) => pack.parameters.map((p) => [p.name, p.defaultValue])));
}
