/** Body attacks (bodies.ts): every one refused before anything reaches Dynamics. */
import { runAttackGroup } from './groups.js';
import { useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('bodies');
