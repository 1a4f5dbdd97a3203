import { startService } from '@lesp/service-bootstrap';
import { caseIntakeService } from './service.js';

const service = await startService(caseIntakeService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
service.lifecycle.handleSignals();
