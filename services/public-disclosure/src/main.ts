import { startService } from '@lesp/service-bootstrap';
import { publicDisclosureService } from './service.js';

const service = await startService(publicDisclosureService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
service.lifecycle.handleSignals();
