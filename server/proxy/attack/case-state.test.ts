/** Case state attacks (case-state.ts): every one refused before anything is written. */
import { runAttackGroup } from './groups.js';
import { useAttackHarness } from './support.js';

useAttackHarness();
runAttackGroup('case-state');
