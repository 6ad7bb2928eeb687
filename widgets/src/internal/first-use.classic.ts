/**
 * The classic-script build's stand-in for first-use.ts: a classic script cannot share one Lit with
 * module chunks, so that build is one file that defines every element when it runs.
 */
import '../components/list/list.js';
import '../components/timeline/timeline.js';
import '../components/more-fields/more-fields.js';
