/** Chinese names of the codes the services answer with. */
export const CATEGORIES: Record<string, string> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  inspection: '行政检查',
  levy: '行政征收',
  benefit: '行政给付',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  compensation: '行政补偿',
  award: '行政奖励',
};
export const OPENED_BY: Record<string, ('application' | 'filing')[]> = {
  licensing: ['application'],
  penalty: ['filing'],
  coercion: ['filing'],
  inspection: ['filing'],
  levy: ['filing', 'application'],
  benefit: ['application'],
  confirmation: ['application'],
  adjudication: ['application'],
  compensation: ['application'],
  award: ['filing', 'application'],
};
const GRANT = { granted: '准予', partially_granted: '部分准予', denied: '不予准予' };
export const OUTCOMES: Record<string, Record<string, string>> = {
  licensing: GRANT,
  penalty: { penalized: '给予处罚', no_penalty: '不予处罚' },
  coercion: { measure: '采取强制措施', execution: '强制执行', released: '解除' },
  inspection: { compliant: '合规', non_compliant: '不合规' },
  levy: GRANT,
  benefit: GRANT,
  confirmation: GRANT,
  adjudication: GRANT,
  compensation: GRANT,
  award: GRANT,
};
export const ACT_STATUS: Record<string, string> = {
  open: '办理中',
  rejected: '不予受理',
  decided: '已决定',
  closed: '已结案',
  archived: '已归档',
};
export const STEP_NAMES: Record<string, string> = {
  ApplicationReceived: '申请',
  CaseFiled: '立案',
  ApplicationDecidedOnAcceptance: '受理审查',
  EvidenceCollected: '调查取证',
  HearingNoticed: '听证告知',
  HearingHeld: '听证',
  LegalReviewCompleted: '法制审核',
  DecisionMade: '作出决定',
  DecisionServed: '送达',
  ExecutionRecorded: '执行',
  CourtEnforcementApplied: '申请法院强制执行',
  ActClosed: '结案',
  ActArchived: '归档',
  MajorPenaltyFiled: '重大行政处罚备案',
  CriminalReferralMade: '移送司法机关',
  ReconsiderationDecided: '行政复议结果',
  LitigationJudged: '行政诉讼结果',
};
export const EVIDENCE_KINDS: Record<string, string> = {
  document: '书证',
  audio_video: '音像记录',
  physical: '物证',
  testimony: '证人证言',
  inspection_record: '现场检查笔录',
  expert_opinion: '鉴定意见',
};
export const SERVICE_METHODS: Record<string, string> = {
  in_person: '直接送达',
  mail: '邮寄送达',
  electronic: '电子送达',
  announcement: '公告送达',
  left_at_residence: '留置送达',
};
export const LEVELS: Record<string, { name: string; color: string }> = {
  red: { name: '红色', color: 'red' },
  yellow: { name: '黄色', color: 'gold' },
  blue: { name: '蓝色', color: 'blue' },
};
export const ALERT_STATUS: Record<string, string> = { open: '待处理', acknowledged: '已确认', resolved: '已消除', dismissed: '已排除' };
export const ALERT_KINDS: Record<string, string> = { real_time: '实时', deadline: '时限', process: '流程' };
export const RECT_STATUS: Record<string, string> = {
  awaiting_reply: '待回复',
  replied: '已回复待验收',
  accepted: '已验收',
  returned: '已退回',
  closed: '已办结',
};
export const DOCUMENT_KINDS: Record<string, string> = { notice: '监督通知书', opinion: '监督意见书', decision: '监督决定书' };
export const SUPERVISION_FORMS: Record<string, string> = { routine: '日常监督', focused: '重点监督', special: '专项监督' };
export const CERT_STATUS: Record<string, string> = {
  valid: '有效',
  suspended: '暂扣',
  revoked: '注销',
  lost: '遗失',
  expired: '过期',
};

export const fmtTime = (value?: string | null): string =>
  value ? new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
export const fmtDate = (value?: string | null): string =>
  value ? new Date(value).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
export const pct = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`;
