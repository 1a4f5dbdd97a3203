import { InMemoryEventStore } from '../src/index.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('in-memory', async (clock) => new InMemoryEventStore(clock));
