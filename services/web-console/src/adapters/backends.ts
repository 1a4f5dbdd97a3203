import type { Client } from '@grpc/grpc-js';
import {
  actsV1,
  caseFileReviewV1,
  caseIntakeV1,
  coordinationV1,
  importsV1,
  officersV1,
  operationsV1,
  randomInspectionV1,
  rectificationV1,
  statisticsV1,
  supervisionV1,
} from '@lesp/contracts';
import { channelCredentials, type GrpcTlsFiles } from '@lesp/service-bootstrap';

/** The services whose read models an operator may rebuild from the console. */
export const OPERATED_SERVICES = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'] as const;
export type OperatedService = (typeof OPERATED_SERVICES)[number];

/** The gRPC clients of the services the console talks to (ts-proto, @lesp/contracts). */
export interface Backends {
  readonly agencies: caseIntakeV1.CaseIntakeServiceClient;
  readonly officers: officersV1.OfficerServiceClient;
  readonly acts: actsV1.ActServiceClient;
  readonly imports: importsV1.ImportServiceClient;
  readonly supervision: supervisionV1.SupervisionServiceClient;
  readonly rectifications: rectificationV1.RectificationServiceClient;
  readonly statistics: statisticsV1.StatisticsServiceClient;
  readonly reviews: caseFileReviewV1.CaseFileReviewServiceClient;
  readonly inspections: randomInspectionV1.RandomInspectionServiceClient;
  readonly coordination: coordinationV1.CoordinationServiceClient;
  /** Each service's OperationsService (read models and their rebuilds). */
  readonly operations: Record<OperatedService, operationsV1.OperationsServiceClient>;
  close(): void;
}

export interface BackendAddresses {
  readonly caseIntake: string;
  readonly supervision: string;
  readonly crossRegion: string;
  readonly publicDisclosure: string;
}

export function connectBackends(addresses: BackendAddresses, tls: GrpcTlsFiles | undefined): Backends {
  const credentials = channelCredentials(tls);
  const options = { 'grpc.max_receive_message_length': 8 * 1024 * 1024 };
  const operations = (address: string) => new operationsV1.OperationsServiceClient(address, credentials, options);
  const clients = {
    agencies: new caseIntakeV1.CaseIntakeServiceClient(addresses.caseIntake, credentials, options),
    officers: new officersV1.OfficerServiceClient(addresses.caseIntake, credentials, options),
    acts: new actsV1.ActServiceClient(addresses.caseIntake, credentials, options),
    imports: new importsV1.ImportServiceClient(addresses.caseIntake, credentials, options),
    supervision: new supervisionV1.SupervisionServiceClient(addresses.supervision, credentials, options),
    rectifications: new rectificationV1.RectificationServiceClient(addresses.supervision, credentials, options),
    statistics: new statisticsV1.StatisticsServiceClient(addresses.supervision, credentials, options),
    reviews: new caseFileReviewV1.CaseFileReviewServiceClient(addresses.supervision, credentials, options),
    inspections: new randomInspectionV1.RandomInspectionServiceClient(addresses.supervision, credentials, options),
    coordination: new coordinationV1.CoordinationServiceClient(addresses.crossRegion, credentials, options),
  };
  const operationsClients: Record<OperatedService, operationsV1.OperationsServiceClient> = {
    'case-intake': operations(addresses.caseIntake),
    supervision: operations(addresses.supervision),
    'cross-region': operations(addresses.crossRegion),
    'public-disclosure': operations(addresses.publicDisclosure),
  };
  return {
    ...clients,
    operations: operationsClients,
    close: () => [...Object.values(clients), ...Object.values(operationsClients)].forEach((client: Client) => client.close()),
  };
}
