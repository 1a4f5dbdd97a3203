import { startService } from '@lesp/service-bootstrap';
import { supervisionService } from './service.js';

const service = await startService(supervisionService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
service.lifecycle.handleSignals();
