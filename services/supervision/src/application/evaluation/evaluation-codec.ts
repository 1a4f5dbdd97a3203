import { agencyEvaluationEventCodec, governanceV1 as v1, type AgencyEvaluationEventV1 } from '@lesp/contracts';
import { assertNever, type EventCodec } from '@lesp/core';
import type {
  EvaluationEvent,
  EvaluationInput,
  EvaluationResult,
  EvaluationScheme,
  Figure,
  FigureKey,
  Grade,
  GradeCap,
  Indicator,
} from '../../domain/evaluation/index.js';

/**
 * Evaluation events ↔ protobuf. The domain's indicators (figure or supervisors), caps and
 * figures (ratio or points) travel flattened to kind + fields; times absent on the wire are
 * decoded as the epoch (never stored so).
 */
const EPOCH = new Date(0);

export function schemeToProto(scheme: EvaluationScheme): v1.EvaluationScheme {
  return {
    year: scheme.year,
    indicators: scheme.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      weight: i.weight,
      source: i.source,
      figure: i.source === 'figure' ? i.figure : '',
    })),
    excellent: scheme.thresholds.excellent,
    good: scheme.thresholds.good,
    pass: scheme.thresholds.pass,
    caps: scheme.caps.map((c) => ({ kind: c.kind, atLeast: c.atLeast, maxGrade: c.maxGrade })),
    trimFrom: scheme.trimFrom,
  };
}

/** A scheme from the wire (an event or a request); the decider judges what it says. */
export function schemeFromProto(scheme: v1.EvaluationScheme): EvaluationScheme {
  return {
    year: scheme.year,
    indicators: scheme.indicators.map((i): Indicator =>
      i.source === 'figure'
        ? { code: i.code, name: i.name, weight: i.weight, source: 'figure', figure: i.figure as FigureKey }
        : { code: i.code, name: i.name, weight: i.weight, source: 'supervisors' },
    ),
    thresholds: { excellent: scheme.excellent, good: scheme.good, pass: scheme.pass },
    caps: scheme.caps.map((c) => ({ kind: c.kind, atLeast: c.atLeast, maxGrade: c.maxGrade as Grade }) as GradeCap),
    trimFrom: scheme.trimFrom,
  };
}

export function figuresToProto(figures: EvaluationInput['figures']): v1.EvaluationFigure[] {
  return (Object.entries(figures) as [FigureKey, Figure | undefined][])
    .filter((entry): entry is [FigureKey, Figure] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, f]) =>
      f.kind === 'ratio'
        ? { key, kind: 'ratio', numerator: f.numerator, denominator: f.denominator, centipoints: 0 }
        : { key, kind: 'points', numerator: 0, denominator: 0, centipoints: f.centipoints },
    );
}

export function figuresFromProto(figures: readonly v1.EvaluationFigure[]): EvaluationInput['figures'] {
  return Object.fromEntries(
    figures.map((f) => [
      f.key,
      f.kind === 'points'
        ? { kind: 'points', centipoints: f.centipoints }
        : { kind: 'ratio', numerator: f.numerator, denominator: f.denominator },
    ]),
  );
}

export function inputToProto(input: EvaluationInput): v1.EvaluationInput {
  return {
    countyCode: input.countyCode,
    agencyId: input.agencyId,
    year: input.year,
    figures: figuresToProto(input.figures),
    supervisorScores: input.supervisorScores.map((s) => ({ ...s })),
    lostLawsuits: input.lostLawsuits,
    headAbsentFromCourt: input.headAbsentFromCourt,
    vetoes: input.vetoes.map((v) => ({ ...v })),
  };
}

export function inputFromProto(input: v1.EvaluationInput | undefined): EvaluationInput {
  const i = input ?? v1.EvaluationInput.create();
  return {
    countyCode: i.countyCode,
    agencyId: i.agencyId,
    year: i.year,
    figures: figuresFromProto(i.figures),
    supervisorScores: i.supervisorScores.map((s) => ({ ...s })),
    lostLawsuits: i.lostLawsuits,
    headAbsentFromCourt: i.headAbsentFromCourt,
    vetoes: i.vetoes.map((v) => ({ ...v })),
  };
}

function resultToProto(result: EvaluationResult): v1.EvaluationResult {
  return {
    ...result,
    indicators: result.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      weight: i.weight,
      ...(i.centipoints === null ? {} : { centipoints: i.centipoints }),
    })),
    reasons: [...result.reasons],
  };
}

function resultFromProto(result: v1.EvaluationResult | undefined): EvaluationResult {
  const r = result ?? v1.EvaluationResult.create();
  return {
    countyCode: r.countyCode,
    agencyId: r.agencyId,
    year: r.year,
    centipoints: r.centipoints,
    grade: r.grade as Grade,
    gradeName: r.gradeName,
    indicators: r.indicators.map((i) => ({ code: i.code, name: i.name, weight: i.weight, centipoints: i.centipoints ?? null })),
    reasons: [...r.reasons],
  };
}

function toProto(event: EvaluationEvent): AgencyEvaluationEventV1 {
  switch (event.type) {
    case 'AgencyEvaluated': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          evaluationId: d.evaluationId,
          scheme: schemeToProto(d.scheme),
          input: inputToProto(d.input),
          result: resultToProto(d.result),
          evaluatedBy: d.evaluatedBy,
          evaluatedAt: d.evaluatedAt,
        },
      };
    }
    case 'AgencyEvaluationRevised': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          evaluationId: d.evaluationId,
          input: inputToProto(d.input),
          result: resultToProto(d.result),
          reason: d.reason,
          revisedBy: d.revisedBy,
          revisedAt: d.revisedAt,
        },
      };
    }
    case 'AgencyEvaluationPublished':
      return { type: event.type, data: { ...event.data } };
    default:
      return assertNever(event, 'evaluation event');
  }
}

function fromProto(event: AgencyEvaluationEventV1): EvaluationEvent {
  switch (event.type) {
    case 'AgencyEvaluated': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          evaluationId: d.evaluationId,
          scheme: schemeFromProto(d.scheme ?? v1.EvaluationScheme.create()),
          input: inputFromProto(d.input),
          result: resultFromProto(d.result),
          evaluatedBy: d.evaluatedBy,
          evaluatedAt: d.evaluatedAt ?? EPOCH,
        },
      };
    }
    case 'AgencyEvaluationRevised': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          evaluationId: d.evaluationId,
          input: inputFromProto(d.input),
          result: resultFromProto(d.result),
          reason: d.reason,
          revisedBy: d.revisedBy,
          revisedAt: d.revisedAt ?? EPOCH,
        },
      };
    }
    case 'AgencyEvaluationPublished': {
      const d = event.data;
      return { type: event.type, data: { evaluationId: d.evaluationId, publishedBy: d.publishedBy, publishedAt: d.publishedAt ?? EPOCH } };
    }
    default:
      return assertNever(event, 'evaluation event');
  }
}

export const agencyEvaluationCodec: EventCodec<EvaluationEvent> = {
  eventTypes: agencyEvaluationEventCodec.eventTypes,
  handles: (eventType) => agencyEvaluationEventCodec.handles(eventType),
  encode: (event) => agencyEvaluationEventCodec.encode(toProto(event)),
  decode: (eventType, schemaVersion, payload) => fromProto(agencyEvaluationEventCodec.decode(eventType, schemaVersion, payload)),
};
