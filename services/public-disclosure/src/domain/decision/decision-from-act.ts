import type { actEventsV1 } from '@lesp/contracts';
import { maskTarget, NO_TARGET, scrubText } from '../masking.js';
import type { DecisionForDisclosure } from './decision-disclosure.js';

/**
 * The public entry of a decision, from the act's opening and its decision as case intake
 * recorded them: the target masked, every free text scrubbed of the target's (and anyone's)
 * ID and phone numbers. Officers, evidence and legal-review opinions are internal and left out. Pure.
 */
export function decisionForDisclosure(opening: actEventsV1.ActOpening, decision: actEventsV1.DecisionMade): DecisionForDisclosure {
  const target = opening.target ?? NO_TARGET;
  const scrub = (text: string) => scrubText(text.trim(), target);
  return {
    actId: opening.actId,
    agencyId: opening.agencyId,
    category: opening.category,
    caseNumber: scrub(opening.caseNumber),
    title: scrub(opening.title),
    itemCode: opening.itemCode,
    target: maskTarget(target),
    decisionNumber: scrub(decision.decisionNumber),
    outcome: decision.outcome,
    legalBasis: scrub(decision.legalBasis),
    content: scrub(decision.content),
    fineFen: Number(decision.fineFen),
    confiscationFen: Number(decision.confiscationFen),
    decidedAt: decision.occurredAt ?? new Date(0),
  };
}
