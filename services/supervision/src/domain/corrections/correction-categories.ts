/**
 * The categories of community corrections (社区矫正) as the seed-000 county counts them
 * (384 persons: 缓刑 329, 保外就医 4, 剥夺政治权利 18, 假释 30, 管制 3).
 */
export const PERSON_CATEGORIES = {
  probation: '宣告缓刑',
  medical_parole: '保外就医（暂予监外执行）',
  deprivation_of_political_rights: '剥夺政治权利',
  parole: '假释',
  public_surveillance: '管制',
} as const;
export type PersonCategory = keyof typeof PERSON_CATEGORIES;

export const END_REASONS = { term_completed: '期满解除矫正', revoked: '撤销缓刑、假释', committed: '收监执行', died: '死亡' } as const;
export type EndReason = keyof typeof END_REASONS;

/** 监外执行监管活动情况月报表（纠正违法）: what was corrected, by whom it was done. */
export const MONTHLY_FINDING_CATEGORIES = {
  court_documents_not_served: { section: 'courts', name: '没有依法送达监外执行法律文书、交付执行或告知罪犯权利义务' },
  court_no_ruling_on_revocation: { section: 'courts', name: '收到撤销缓刑、假释、暂予监外执行建议后没有依法审查、裁定、决定' },
  court_no_sentence_reduction: { section: 'courts', name: '对依法应当减刑的监外执行罪犯没有裁定减刑或者减刑裁定不当' },
  no_committal_decision: { section: 'courts', name: '公安机关、监狱管理机关应当作出收监执行决定而没有作出' },
  not_committed: { section: 'courts', name: '监狱、看守所应当收监执行而没有收监执行' },
  not_received: { section: 'justice', name: '没有及时接收监外执行罪犯，没有落实监管责任、监管措施' },
  no_penalty_proposed: { section: 'justice', name: '对违法的监外执行罪犯应当给予处罚而没有依法建议处罚' },
  no_reduction_proposed: { section: 'justice', name: '对依法应当减刑的监外执行罪犯没有提请减刑或者提请减刑不当' },
  term_end_not_processed: { section: 'justice', name: '刑期或者考验期满未及时办理相关手续和履行相关程序' },
  absconded_or_missed: { section: 'justice', name: '监外执行罪犯出现脱管、漏管' },
  no_measures: { section: 'justice', name: '对社区矫正人员没有落实矫正、监管、教育和帮助措施' },
  hours_below_eight: { section: 'justice', name: '社区矫正人员每月教育学习、参加社区服务时间达不到八小时' },
  other: { section: 'justice', name: '其他依法应当提出纠正意见的情形' },
} as const;
export type MonthlyFindingCategory = keyof typeof MONTHLY_FINDING_CATEGORIES;

export const MONTHLY_SECTIONS = { courts: '（一）对人民法院、监狱、看守所行为的纠正', justice: '（二）对司法行政机关行为的纠正' } as const;

/** 监外执行检察情况半年表: proposals to reduce sentences and to commit. */
export const HALF_YEAR_FINDING_CATEGORIES = {
  eligible_no_reduction_proposal: '符合减刑条件而没有提请减刑建议',
  ineligible_reduction_proposed: '不符合减刑条件而提出减刑建议',
  reduction_not_sent_for_review: '提出减刑建议后没有报送检察院监所部门审查',
  reduction_materials_incomplete: '报送减刑建议材料不齐全',
  procuratorate_opinion_not_heard: '没有听取检察机关审查意见',
  revocation_not_proposed: '应当提出撤销缓刑、假释建议和收监执行建议而没有提出',
  revocation_not_sent_or_incomplete: '撤销缓刑、假释、收监执行建议没有报送检察机关监所部门审查或报送材料不齐全',
  opinion_not_in_proposal: '没有将检察意见载入撤销缓刑、假释、收监执行建议书',
} as const;
export type HalfYearFindingCategory = keyof typeof HALF_YEAR_FINDING_CATEGORIES;
