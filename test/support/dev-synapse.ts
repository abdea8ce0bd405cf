// `node test/support/dev-synapse.ts`: a throwaway local homeserver with two demo users, for trying
// `npm run dev:browser` by hand. Stops (and deletes its data) on Ctrl+C.
import { startSynapse } from './synapse.ts';

const synapse = await startSynapse();
await synapse.registerUser('alice', 'plenum-demo-alice', { displayName: 'Alice Demo' });
await synapse.registerUser('bob', 'plenum-demo-bob', { displayName: 'Bob Demo' });
console.log(`Synapse is running at ${synapse.baseUrl}`);
console.log('Users: alice / plenum-demo-alice, bob / plenum-demo-bob');
console.log(`Try: npm run dev:browser -- --homeserver ${synapse.baseUrl}`);
const stop = (): void => void synapse.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
