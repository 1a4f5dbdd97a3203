/**
 * Response schemas (OpenAPI at /docs) of the published supervision results. Fastify serialises
 * a response by its schema, so these also allow-list what leaves: a field not named here is
 * never sent, whatever a read-model document holds.
 */
const TIME = { type: 'string', format: 'date-time' } as const;
const STRING = { type: 'string' } as const;
const INT = { type: 'integer' } as const;
const NUMBER = { type: 'number' } as const;
const NEXT_CURSOR = { type: 'string', description: '下一页游标；空字符串表示已是最后一页' } as const;

const evaluation = {
  type: 'object',
  required: ['evaluationId', 'countyCode', 'agencyId', 'year', 'centipoints', 'grade', 'gradeName', 'indicators', 'gradeReasons'],
  properties: {
    evaluationId: STRING,
    countyCode: STRING,
    agencyId: STRING,
    year: INT,
    centipoints: { type: 'integer', description: '总分，以 0.01 分计（8650 即 86.50 分）' },
    grade: { type: 'string', description: 'excellent 优秀、good 良好、pass 合格、fail 不合格' },
    gradeName: STRING,
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name', 'weight', 'centipoints'],
        properties: {
          code: STRING,
          name: STRING,
          weight: INT,
          centipoints: { type: ['integer', 'null'], description: '该项得分（0.01 分）；null 表示不适用，权重按比例折算到其他指标' },
        },
      },
    },
    gradeReasons: { type: 'array', items: STRING, description: '等次低于得分所对应等次的原因（败诉、出庭限制；一票否决只列事实）' },
    publishedAt: TIME,
  },
} as const;

export const evaluationsResponse = {
  200: {
    type: 'object',
    required: ['evaluations', 'nextCursor'],
    properties: { evaluations: { type: 'array', items: evaluation }, nextCursor: NEXT_CURSOR },
  },
} as const;

const caseFileReview = {
  type: 'object',
  required: ['reviewId', 'countyCode', 'title', 'supervisionForm', 'summary', 'conclusion'],
  properties: {
    reviewId: STRING,
    countyCode: STRING,
    title: STRING,
    supervisionForm: { type: 'string', description: 'routine 日常监督、focused 重点监督、special 专项监督' },
    periodFrom: { ...TIME, description: '评查案卷的结案期间起' },
    periodTo: { ...TIME, description: '评查案卷的结案期间止（不含）' },
    summary: {
      type: 'object',
      properties: {
        filesReviewed: INT,
        enterpriseFiles: INT,
        enterpriseSharePercent: NUMBER,
        byCategory: { type: 'array', items: { type: 'object', properties: { category: STRING, files: INT } } },
        averageScore: NUMBER,
        excellent: INT,
        qualified: INT,
        unqualified: INT,
        byAgency: {
          type: 'array',
          items: {
            type: 'object',
            properties: { agencyId: STRING, files: INT, averageScore: NUMBER, unqualified: INT, problems: INT },
          },
        },
        problemsByItem: { type: 'array', items: { type: 'object', properties: { itemCode: STRING, name: STRING, count: INT } } },
      },
    },
    conclusion: STRING,
    publishedAt: TIME,
  },
} as const;

export const caseFileReviewsResponse = {
  200: {
    type: 'object',
    required: ['caseFileReviews', 'nextCursor'],
    properties: { caseFileReviews: { type: 'array', items: caseFileReview }, nextCursor: NEXT_CURSOR },
  },
} as const;

export const caseFileReviewResponse = { 200: caseFileReview } as const;
