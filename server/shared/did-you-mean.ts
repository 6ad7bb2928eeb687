/**
 * The repository's one "did you mean": the configuration loader (`schemas/`), the Portico server's
 * options and environment variables, and the emulator's options all suggest a correction by the
 * same rule, so a typo gets the same help wherever it is made.
 *
 * It sits in `server/shared/`, a folder that imports nothing of the others, so each of them may
 * import it without a new edge between them: the emulator stands in for Dataverse and depends on
 * no Portico code, and the server's option checks need nothing of the config loader's errors.
 */
import { closest, distance } from 'fastest-levenshtein';

/**
 * The valid name closest to a misspelt one, or undefined when nothing is close enough to be a
 * plausible typo. Case is ignored, and a name that differs only in case wins outright; otherwise
 * the edit distance may be at most a third of the name's length (at least 2 is always allowed),
 * so a long name tolerates more slips than a short one and a short unrelated word gets no guess.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name);
  if (list.length === 0 || name.length === 0) return undefined;
  const lower = name.toLowerCase();
  const exactCase = list.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const best = closest(
    lower,
    list.map((c) => c.toLowerCase()),
  );
  const limit = Math.max(2, Math.floor(name.length / 3));
  if (distance(lower, best) > limit) return undefined;
  return list.find((c) => c.toLowerCase() === best);
}
