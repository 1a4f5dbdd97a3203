import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallContext } from '../application/calls.js';
import type { Meetings } from '../application/meetings.js';
import type { HoldMeetingForm, MeetingDecisionForm, ScheduleMeetingForm } from '../domain/meeting-form.js';
import { body, countyCode, dateTime, id, idParams, shortText, textList } from './route-schemas.js';

type Params = { meetingId: string; decisionId: string };

/** Joint meetings (联席会议): the list of the user's agreements' meetings, and the host's and assignees' commands. */
export function registerMeetingRoutes(
  app: FastifyInstance,
  deps: { context: (request: FastifyRequest) => Promise<CallContext>; meetings: Meetings; api: object },
): void {
  const { context, meetings, api } = deps;
  app.get('/api/meetings', { config: api }, async (request) => meetings.list(await context(request)));
  app.post(
    '/api/meetings',
    {
      config: api,
      schema: {
        body: body(['agreementId', 'scheduledFor', 'agenda'], { agreementId: id, scheduledFor: dateTime, agenda: textList(60, 400) }),
      },
    },
    async (request, reply) => reply.status(201).send(await meetings.schedule(await context(request), request.body as ScheduleMeetingForm)),
  );
  app.post(
    '/api/meetings/:meetingId/holding',
    {
      config: api,
      schema: {
        params: idParams('meetingId'),
        body: body(['heldAt', 'attendees', 'minutes'], {
          heldAt: dateTime,
          minutes: shortText(8000),
          attendees: {
            type: 'array',
            maxItems: 60,
            items: body(['countyCode', 'names'], { countyCode, names: textList(60, 400) }),
          },
        }),
      },
    },
    async (request) => meetings.hold(await context(request), (request.params as Params).meetingId, request.body as HoldMeetingForm),
  );
  app.post(
    '/api/meetings/:meetingId/decisions',
    {
      config: api,
      schema: {
        params: idParams('meetingId'),
        body: body(['decision'], {
          decision: shortText(8000),
          assigneeCounty: { anyOf: [countyCode, { type: 'string', maxLength: 0 }] },
          dueAt: dateTime,
        }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await meetings.decide(await context(request), (request.params as Params).meetingId, request.body as MeetingDecisionForm)),
  );
  app.post(
    '/api/meetings/:meetingId/decisions/:decisionId/completion',
    { config: api, schema: { params: idParams('meetingId', 'decisionId'), body: body(['report'], { report: shortText(8000) }) } },
    async (request) => {
      const { meetingId, decisionId } = request.params as Params;
      return meetings.completeTask(await context(request), meetingId, decisionId, (request.body as { report: string }).report);
    },
  );
}
