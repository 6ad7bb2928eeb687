/**
 * `npm run schemas:check [-- --dir <path>]`: checks a configuration folder with the same loader the
 * server uses. Prints every error on one line each and exits 1, or prints its warnings (a message a
 * language file lacks) and a one-line summary and exits 0. Exit 2 for a usage mistake.
 */
import { DEFAULT_SCHEMAS_DIR, formatConfigError, loadRegistry } from './index.js';

function usage(message: string): never {
  console.error(
    `${message}\nusage: schemas:check [check] [--dir <path>]   (default dir: ${DEFAULT_SCHEMAS_DIR})`,
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  let dir = DEFAULT_SCHEMAS_DIR;
  const args = [...argv];
  if (args[0] === 'check') args.shift();
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === '--dir') {
      const value = args.shift();
      if (!value) usage('--dir needs a path');
      dir = value;
    } else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else if (arg === '--help' || arg === '-h') usage('Checks Portico configuration.');
    else usage(`unknown argument "${arg}"`);
  }
  const result = await loadRegistry(dir);
  if (!result.ok) {
    for (const error of result.errors) console.error(formatConfigError(error));
    console.error(`\n${result.errors.length} error(s) in ${dir}; nothing was changed.`);
    return 1;
  }
  const r = result.registry;
  // Warnings do not fail the check: the configuration works, but the admin should know.
  for (const warning of r.warnings) console.error(`warning: ${formatConfigError(warning)}`);
  console.log(
    `OK ${dir}: ${r.entities.size} entities, ${r.forms.size} forms, ${r.lists.size} lists, ${r.roles.size} roles, ${r.languages.size + 1} languages (${['en', ...r.languages.keys()].join(', ')}) (${r.files.length} files)` +
      (r.warnings.length > 0 ? `; ${r.warnings.length} warning(s) above` : ''),
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
