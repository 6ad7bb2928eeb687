import { loadList } from './chunks.js';

/**
 * Defines `<portico-list>` when the page first uses one, so a list needs only the one script tag.
 * The entry cannot define the tag before the list's code is here (a tag is defined once, with its
 * final class; the element upgrades when it is), so it watches the document: one look at what is
 * there when the script runs (a module script runs after parsing), then a MutationObserver that
 * looks only into added subtrees (an async script may run while the parser still adds elements,
 * and a page may add them at any time), until the first list asks for the chunk. Lists inside a
 * host's own shadow roots are not seen; such a page imports `portico-list.js` itself. A chunk that
 * fails to load leaves the element undefined, and the browser logs the failed import. The dialogs
 * and type-ahead fields are parts of the form, which loads them itself (load.ts, actions.ts); a
 * page that uses one on its own imports its chunk. The classic-script build replaces this module
 * with first-use.classic.ts.
 */
const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) find(node);
});

function find(root: Element | Document): void {
  if ((root as Element).localName === 'portico-list' || root.querySelector('portico-list')) {
    observer.disconnect();
    void loadList();
  }
}

observer.observe(document, { childList: true, subtree: true });
find(document);
