// `node test/support/setup-synapse.ts`: installs the pinned test homeserver (used by scripts/setup.sh).
import { ensureSynapse, SYNAPSE_VERSION, SYNAPSE_VENV } from './synapse.ts';

ensureSynapse();
console.log(`setup: matrix-synapse ${SYNAPSE_VERSION} ready in ${SYNAPSE_VENV}`);
