import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean } from './did-you-mean.js';

test('did-you-mean finds close names only', () => {
  assert.equal(didYouMean('emailadress1', ['emailaddress1', 'telephone1']), 'emailaddress1');
  assert.equal(didYouMean('Title', ['title', 'description']), 'title');
  assert.equal(didYouMean('zzzzzz', ['title', 'description']), undefined);
});

test('the allowed distance grows with the name: a third of its length, never below 2', () => {
  // 4 letters allow 2 edits, not 3.
  assert.equal(didYouMean('prot', ['port']), 'port');
  assert.equal(didYouMean('pxyz', ['port']), undefined);
  // 18 letters allow 6 edits.
  assert.equal(didYouMean('PORTICO_JWT_ISUER', ['PORTICO_JWT_ISSUER', 'PORTICO_PORT']), 'PORTICO_JWT_ISSUER');
  assert.equal(didYouMean('SOMETHING_ELSE_ENTIRELY', ['PORTICO_JWT_ISSUER', 'PORTICO_PORT']), undefined);
});

test('a case-only difference wins over a nearer spelling, and the name itself is never suggested', () => {
  assert.equal(didYouMean('PORT', ['port', 'PORTS']), 'port');
  assert.equal(didYouMean('port', ['port']), undefined);
  assert.equal(didYouMean('', ['port']), undefined);
  assert.equal(didYouMean('port', []), undefined);
});

test('any iterable of candidates is accepted, and the candidate keeps its own spelling', () => {
  assert.equal(didYouMean('maxbodybyte', new Set(['maxBodyBytes', 'port'])), 'maxBodyBytes');
  assert.equal(didYouMean('demos', new Map([['demo', 1]]).keys()), 'demo');
});
