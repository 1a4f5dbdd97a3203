import { describe, expect, it } from 'vitest';
import { idFromIdempotencyKey } from '@lesp/core';
import {
  ACT_COLUMNS,
  ACT_HEADERS,
  EXAMPLE_ROW,
  headerLayout,
  isBlankRow,
  rowOf,
  type ActImportRow,
} from '../src/application/import/act-columns.js';
import { actRowHistory } from '../src/application/import/act-row-history.js';
import { UNNAMED_COURT, importIdempotencyKey, outcomeCode, parseActRow, type RowViolation } from '../src/application/import/act-row.js';
import { actTemplateCsv, csvLine } from '../src/application/import/act-template.js';

const COUNTY = '431103';
/** Midnight of a China date, as a UTC instant. */
const china = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** A minimal valid licence application row (申请, 准予). */
const licence = (overrides: ActImportRow = {}): ActImportRow => ({
  caseNumber: 'XK-2023-0001',
  agencyId: 'demo-2',
  category: '行政许可',
  openedBy: '申请',
  title: '食品经营许可',
  targetKind: '自然人',
  targetName: '王晓明',
  idNumber: '11010519491231002X',
  phone: '13912345678',
  officerIds: 'demo-2-o1；demo-2-o2',
  openedOn: '2023-05-04',
  accepted: '是',
  acceptedOn: '2023-05-04',
  decidedOn: '2023-05-10',
  decisionNumber: '冷市监许〔2023〕1号',
  outcome: '准予',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  ...overrides,
});

const penalty = (overrides: ActImportRow = {}): ActImportRow => ({ ...EXAMPLE_ROW, ...overrides });

/** Every violation of a row: the template's own rules, then the decider's. */
function problems(row: ActImportRow): RowViolation[] {
  const parsed = parseActRow(COUNTY, row);
  if (!parsed.ok) return [...parsed.violations];
  const history = actRowHistory(parsed.act);
  return history.ok ? [] : [...history.violations];
}
const codes = (row: ActImportRow) => problems(row).map((v) => `${v.column}:${v.code}`);

function commandsOf(row: ActImportRow) {
  const parsed = parseActRow(COUNTY, row);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.act;
}

describe('act import row → commands', () => {
  it('turns a full penalty row into its opening and ordered steps, with amounts in fen and dates at midnight China time', () => {
    const act = commandsOf(penalty());
    const key = importIdempotencyKey('demo-1', '冷市监罚〔2023〕12号');
    expect(key).toBe('import:demo-1:冷市监罚〔2023〕12号');
    expect(act.idempotencyKey).toBe(key);
    expect(act.actId).toBe(idFromIdempotencyKey(COUNTY, key));
    expect(act.category).toBe('penalty');
    const officerIds = ['demo-1-o1', 'demo-1-o2'];
    expect(act.commands.map((c) => c.command)).toEqual([
      {
        type: 'OpenAct',
        data: {
          openedBy: 'filing',
          opening: {
            actId: act.actId,
            agencyId: 'demo-1',
            category: 'penalty',
            caseNumber: '冷市监罚〔2023〕12号',
            title: '某商行销售过期食品案',
            itemCode: 'XZCF-001',
            target: {
              kind: 'legal_person',
              name: '冷水滩区某商行',
              idNumber: '',
              creditCode: '91350100M000100Y43',
              phone: '07468888888',
              address: '',
              enterprise: true,
            },
            major: false,
            delegationId: '',
            delegationGap: '',
            officerIds,
            occurredAt: china('2023-03-01'),
            summary: '',
          },
        },
      },
      {
        type: 'RecordActStep',
        data: {
          step: {
            type: 'LegalReviewCompleted',
            data: { reviewer: expect.any(String), opinion: '法制审核通过', passed: true, occurredAt: china('2023-03-10') },
          },
        },
      },
      {
        type: 'RecordActStep',
        data: {
          step: {
            type: 'DecisionMade',
            data: {
              decisionNumber: '冷市监罚决〔2023〕12号',
              outcome: 'penalized',
              legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
              discretionBenchmark: '食品安全行政处罚裁量基准第3条',
              fineFen: 500000,
              confiscationFen: 0,
              firstOffenceExempt: false,
              lighterPenalty: 'lighter',
              content: '',
              officerIds,
              occurredAt: china('2023-03-12'),
            },
          },
        },
      },
      {
        type: 'RecordActStep',
        data: { step: { type: 'DecisionServed', data: { method: 'in_person', officerIds, occurredAt: china('2023-03-13') } } },
      },
      {
        type: 'RecordActStep',
        data: {
          step: {
            type: 'ExecutionRecorded',
            data: { how: 'voluntary', amountPaidFen: 500000, officerIds, occurredAt: china('2023-03-20') },
          },
        },
      },
      { type: 'RecordActStep', data: { step: { type: 'ActClosed', data: { result: '', officerIds, occurredAt: china('2023-03-25') } } } },
      {
        type: 'RecordActStep',
        data: { step: { type: 'ActArchived', data: { archiveNumber: 'GD-2023-012', occurredAt: china('2023-03-31') } } },
      },
    ]);
    expect(act.commands.map((c) => c.column)).toEqual([
      '立案或申请日期',
      '法制审核日期',
      '决定日期',
      '送达日期',
      '执行日期',
      '结案日期',
      '归档日期',
    ]);

    const history = actRowHistory(act);
    expect(history.ok && history.events.map((e) => e.event.type)).toEqual([
      'CaseFiled',
      'LegalReviewCompleted',
      'DecisionMade',
      'DecisionServed',
      'ExecutionRecorded',
      'ActClosed',
      'ActArchived',
    ]);
    expect(history.ok && history.events.map((e) => e.occurredAt.toISOString().slice(0, 10))).toEqual([
      '2023-02-28',
      '2023-03-09',
      '2023-03-11',
      '2023-03-12',
      '2023-03-19',
      '2023-03-24',
      '2023-03-30',
    ]);
  });

  it('takes the category in Chinese, without 行政, or as its code', () => {
    for (const category of ['行政许可', '许可', 'licensing']) expect(commandsOf(licence({ category })).category).toBe('licensing');
    expect(commandsOf(penalty({ category: 'penalty' })).category).toBe('penalty');
    expect(codes(licence({ category: '行政执法' }))).toEqual(['执法类别:CATEGORY_UNKNOWN']);
    expect(codes(licence({ category: '' }))).toEqual(['执法类别:FIELD_REQUIRED']);
  });

  it('derives the opening from the category when 开始方式 is empty, and refuses a wrong one', () => {
    expect(commandsOf(licence({ openedBy: '' })).commands[0]!.command).toMatchObject({ data: { openedBy: 'application' } });
    expect(commandsOf(penalty({ openedBy: '' })).commands[0]!.command).toMatchObject({ data: { openedBy: 'filing' } });
    expect(commandsOf(licence({ openedBy: 'application' })).commands[0]!.command).toMatchObject({ data: { openedBy: 'application' } });
    // 行政征收 may start either way: it must be said.
    expect(codes(licence({ category: '行政征收', openedBy: '' }))).toEqual(['开始方式:FIELD_REQUIRED']);
    expect(codes(licence({ openedBy: '受理' }))).toEqual(['开始方式:OPENED_BY_UNKNOWN']);
    // A licence cannot start by filing: the decider says so, naming 开始方式.
    expect(codes(licence({ openedBy: '立案', accepted: '', acceptedOn: '' }))).toEqual(['开始方式:OPENING_NOT_IN_CATEGORY']);
  });

  it('checks the target: kind, ID number of persons, credit code of organisations, phone', () => {
    expect(commandsOf(licence({ idNumber: '11010519491231002x' })).commands[0]!.command).toMatchObject({
      data: { opening: { target: { kind: 'natural_person', idNumber: '11010519491231002X', creditCode: '' } } },
    });
    expect(codes(licence({ targetKind: '个体户' }))).toEqual(['相对人类型:TARGET_KIND_UNKNOWN']);
    expect(codes(licence({ targetKind: '' }))).toEqual(['相对人类型:FIELD_REQUIRED']);
    expect(codes(licence({ idNumber: '110105194912310021' }))).toEqual(['身份证号:ID_NUMBER_INVALID']);
    expect(codes(licence({ creditCode: '91350100M000100Y43' }))).toEqual(['统一社会信用代码:CREDIT_CODE_FOR_PERSON']);
    expect(codes(penalty({ idNumber: '11010519491231002X' }))).toEqual(['身份证号:ID_NUMBER_FOR_ORGANIZATION']);
    expect(codes(penalty({ creditCode: '91350100M000100Y44' }))).toEqual(['统一社会信用代码:CREDIT_CODE_INVALID']);
    expect(codes(penalty({ targetKind: '其他组织' }))).toEqual([]);
    expect(codes(licence({ phone: '12345' }))).toEqual(['联系电话:PHONE_INVALID']);
    expect(codes(licence({ targetName: '' }))).toEqual(['相对人名称:FIELD_REQUIRED']);
  });

  it('reads 是/否 columns and refuses anything else', () => {
    expect(commandsOf(penalty({ enterprise: '否', major: '是' })).commands[0]!.command).toMatchObject({
      data: { opening: { major: true, target: { enterprise: false } } },
    });
    expect(commandsOf(penalty({ enterprise: true, major: 'N' })).commands[0]!.command).toMatchObject({
      data: { opening: { major: false, target: { enterprise: true } } },
    });
    expect(codes(penalty({ enterprise: '可能' }))).toEqual(['涉企:BOOLEAN_INVALID']);
    expect(codes(penalty({ major: '大' }))).toEqual(['重大:BOOLEAN_INVALID']);
  });

  it('splits officers on ; and ； and needs at least one', () => {
    expect(commandsOf(licence({ officerIds: ' a ;b；c ' })).officerIds).toEqual(['a', 'b', 'c']);
    expect(codes(licence({ officerIds: '' }))).toEqual(['执法人员:OFFICERS_REQUIRED']);
    expect(codes(licence({ officerIds: 'a;a' }))).toEqual(['执法人员:OFFICER_REPEATED']);
  });

  it('reads dates as YYYY-MM-DD calendar dates (or spreadsheet date cells) and refuses others', () => {
    expect(commandsOf(licence({ openedOn: '2023/5/4' })).commands[0]!.command).toMatchObject({
      data: { opening: { occurredAt: china('2023-05-04') } },
    });
    expect(commandsOf(licence({ openedOn: new Date(Date.UTC(2023, 4, 4)) })).commands[0]!.command).toMatchObject({
      data: { opening: { occurredAt: china('2023-05-04') } },
    });
    expect(codes(licence({ openedOn: '2023-02-30' }))).toEqual(['立案或申请日期:DATE_INVALID']);
    expect(codes(licence({ openedOn: '04.05.2023' }))).toEqual(['立案或申请日期:DATE_INVALID']);
    expect(codes(licence({ openedOn: '' }))).toEqual(['立案或申请日期:FIELD_REQUIRED']);
    expect(codes(licence({ decidedOn: '2023-13-01' }))).toEqual(['决定日期:DATE_INVALID']);
  });

  it('records acceptance from 是否受理 and 受理日期', () => {
    const rejected = commandsOf(licence({ accepted: '否', decidedOn: '', decisionNumber: '', outcome: '', legalBasis: '' }));
    expect(rejected.commands[1]!.command).toMatchObject({
      data: { step: { type: 'ApplicationDecidedOnAcceptance', data: { accepted: false, reason: expect.stringContaining('不予受理') } } },
    });
    expect(commandsOf(licence({ accepted: '' })).commands[1]!.command).toMatchObject({ data: { step: { data: { accepted: true } } } });
    expect(codes(licence({ acceptedOn: '' }))).toEqual(['受理日期:FIELD_REQUIRED']);
    // Not accepted, then decided: the decider refuses, naming the decision's column.
    expect(codes(licence({ accepted: '否' }))).toEqual(['决定日期:APPLICATION_NOT_ACCEPTED']);
    // A penalty has no acceptance.
    expect(codes(penalty({ accepted: '是', acceptedOn: '2023-03-02' }))).toEqual(['是否受理:STEP_NOT_IN_CATEGORY']);
  });

  it('needs legal review date and result together', () => {
    expect(commandsOf(penalty({ legalReviewResult: '不通过' })).commands[1]!.command).toMatchObject({
      data: { step: { type: 'LegalReviewCompleted', data: { passed: false } } },
    });
    expect(codes(penalty({ legalReviewOn: '' }))).toEqual(['法制审核日期:FIELD_REQUIRED']);
    expect(codes(penalty({ legalReviewResult: '' }))).toEqual(['法制审核结果:FIELD_REQUIRED']);
    expect(codes(penalty({ legalReviewResult: '待定' }))).toEqual(['法制审核结果:LEGAL_REVIEW_RESULT_UNKNOWN']);
    // Inspections have no legal review step.
    expect(codes(penalty({ category: '行政检查', outcome: '合格', fineYuan: '', lighterPenalty: '', executedOn: '' }))).toEqual([
      '法制审核日期:STEP_NOT_IN_CATEGORY',
    ]);
  });

  it('maps 决定结果 per category (Chinese or code) and needs the decision date for decision columns', () => {
    expect(outcomeCode('licensing', '准予')).toBe('granted');
    expect(outcomeCode('licensing', '部分准予')).toBe('partially_granted');
    expect(outcomeCode('benefit', '不予')).toBe('denied');
    expect(outcomeCode('penalty', '不予处罚')).toBe('no_penalty');
    expect(outcomeCode('penalty', 'penalized')).toBe('penalized');
    expect(outcomeCode('coercion', '解除')).toBe('released');
    expect(outcomeCode('inspection', '责令整改')).toBe('non_compliant');
    expect(outcomeCode('penalty', '准予')).toBeUndefined();
    expect(codes(penalty({ outcome: '准予' }))).toEqual(['决定结果:OUTCOME_UNKNOWN']);
    expect(problems(penalty({ outcome: '准予' }))[0]!.message).toContain('不予处罚（no_penalty）');
    expect(codes(penalty({ outcome: '' }))).toEqual(['决定结果:FIELD_REQUIRED']);
    expect(codes(penalty({ decisionNumber: '' }))).toEqual(['决定文书号:FIELD_REQUIRED']);
    expect(codes(penalty({ legalBasis: '' }))).toEqual(['法律依据:FIELD_REQUIRED']);
    expect(codes(penalty({ decidedOn: '', servedOn: '', executedOn: '' }))).toEqual(['决定日期:FIELD_REQUIRED']);
    expect(codes(licence({ decidedOn: '', decisionNumber: '', outcome: '', legalBasis: '' }))).toEqual([]);
  });

  it('reads amounts in yuan with up to two decimals as fen', () => {
    const fine = (fineYuan: ActImportRow['fineYuan']) => {
      const step = commandsOf(penalty({ fineYuan })).commands[2]!.command;
      return step.type === 'RecordActStep' && step.data.step.type === 'DecisionMade' ? step.data.step.data.fineFen : undefined;
    };
    expect(fine('5000')).toBe(500000);
    expect(fine('1,234.5')).toBe(123450);
    expect(fine('0.01')).toBe(1);
    expect(fine(639.96)).toBe(63996);
    expect(fine('')).toBe(0);
    expect(codes(penalty({ fineYuan: '1.234' }))).toEqual(['罚款金额（元）:AMOUNT_INVALID']);
    expect(codes(penalty({ fineYuan: '-5' }))).toEqual(['罚款金额（元）:AMOUNT_INVALID']);
    expect(codes(penalty({ confiscationYuan: '五百' }))).toEqual(['没收金额（元）:AMOUNT_INVALID']);
    expect(codes(penalty({ fineYuan: 12.345 }))).toEqual(['罚款金额（元）:AMOUNT_INVALID']);
  });

  it('reads 首违不罚 and 从轻减轻 as the decider knows them', () => {
    expect(codes(penalty({ firstOffenceExempt: '是', outcome: '不予处罚', fineYuan: '0', lighterPenalty: '' }))).toEqual([]);
    expect(codes(penalty({ firstOffenceExempt: '是' }))).toEqual(['罚款金额（元）:FIRST_OFFENCE_WITH_FINE']);
    const mitigated = commandsOf(penalty({ lighterPenalty: '减轻' })).commands[2]!.command;
    expect(mitigated).toMatchObject({ data: { step: { data: { lighterPenalty: 'mitigated' } } } });
    expect(codes(penalty({ lighterPenalty: '从重' }))).toEqual(['从轻减轻:LIGHTER_PENALTY_UNKNOWN']);
  });

  it('records court enforcement before an enforced execution', () => {
    const act = commandsOf(penalty({ courtAppliedOn: '2023-03-18' }));
    expect(act.commands.map((c) => (c.command.type === 'RecordActStep' ? c.command.data.step.type : 'OpenAct'))).toEqual([
      'OpenAct',
      'LegalReviewCompleted',
      'DecisionMade',
      'DecisionServed',
      'CourtEnforcementApplied',
      'ExecutionRecorded',
      'ActClosed',
      'ActArchived',
    ]);
    expect(act.commands[4]!.command).toMatchObject({ data: { step: { data: { court: UNNAMED_COURT } } } });
    expect(act.commands[5]!.command).toMatchObject({ data: { step: { data: { how: 'enforced', amountPaidFen: 500000 } } } });
    expect(codes(penalty({ category: '行政许可', openedBy: '申请', outcome: '准予', lighterPenalty: '', fineYuan: '' }))).toEqual([
      '执行日期:STEP_NOT_IN_CATEGORY',
    ]);
  });

  it('lets the decider judge the order of the procedure, naming the step column', () => {
    expect(codes(penalty({ closedOn: '', archivedOn: '2023-03-31' }))).toEqual(['归档日期:ACT_NOT_CLOSED']);
    expect(codes(penalty({ archivedOn: '', archiveNumber: 'GD-1' }))).toEqual(['归档日期:FIELD_REQUIRED']);
    expect(codes(penalty({ archiveNumber: '' }))).toEqual(['归档号:FIELD_REQUIRED']);
    expect(codes(penalty({ servedOn: '2023-02-01' }))).toEqual(['送达日期:STEP_BEFORE_OPENING']);
    expect(
      codes(
        penalty({
          decidedOn: '',
          decisionNumber: '',
          outcome: '',
          legalBasis: '',
          discretionBenchmark: '',
          fineYuan: '',
          lighterPenalty: '',
        }),
      ),
    ).toEqual(['送达日期:DECISION_NOT_MADE']);
    expect(codes(licence({ category: '行政给付', hearingOn: '2023-05-06' }))).toEqual(['听证日期:STEP_NOT_IN_CATEGORY']);
    expect(codes(licence({ hearingOn: '2023-05-06' }))).toEqual([]);
    expect(codes(penalty({ caseNumber: '' }))).toEqual(['案件编号:FIELD_REQUIRED']);
    expect(codes(penalty({ agencyId: '' }))).toEqual(['执法主体编码:FIELD_REQUIRED']);
    expect(codes(penalty({ title: 'x'.repeat(201) }))).toEqual(['案件名称:TEXT_TOO_LONG']);
  });

  it('reports every template violation of a row at once', () => {
    expect(codes(penalty({ openedOn: 'x', fineYuan: 'y', enterprise: 'z' })).sort()).toEqual(
      ['涉企:BOOLEAN_INVALID', '立案或申请日期:DATE_INVALID', '罚款金额（元）:AMOUNT_INVALID'].sort(),
    );
  });
});

describe('act import template', () => {
  it('finds columns by header in any order, with half-width brackets and a BOM, and names what is missing', () => {
    const headers = [
      '\uFEFF案件编号',
      '备注',
      '罚款金额(元)',
      ...ACT_HEADERS.filter((h) => h !== '案件编号' && h !== '罚款金额（元）' && h !== '执法人员'),
    ];
    const layout = headerLayout(headers);
    expect(layout.missing).toEqual(['执法人员']);
    expect(layout.ignored).toEqual(['备注']);
    expect(layout.positions.get('caseNumber')).toBe(0);
    expect(layout.positions.get('fineYuan')).toBe(2);
    expect(rowOf(layout, ['A-1', '随便', '12.5'])).toMatchObject({ caseNumber: 'A-1', fineYuan: '12.5' });
    expect(isBlankRow(['', ' ', null])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });

  it('is a header row and an example row that imports as it is', () => {
    const [header, example] = actTemplateCsv()
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header!.split(',')).toEqual(ACT_HEADERS);
    const layout = headerLayout(header!.split(','));
    expect(layout.missing).toEqual([]);
    expect(codes(rowOf(layout, example!.split(',')))).toEqual([]);
    expect(ACT_COLUMNS).toHaveLength(36);
  });

  it('quotes CSV cells that need it', () => {
    expect(csvLine(['a', 'b,c', 'd"e', 1])).toBe('a,"b,c","d""e",1\r\n');
  });
});
