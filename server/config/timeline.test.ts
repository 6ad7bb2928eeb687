/**
 * The timeline block compiled per role: present only with readNotes, adding only with addNotes
 * and the form's `add`, attachments only for those who may add, the form's allowed types kept for
 * downloads, and the publishing rule (marker or column) never sent to the browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTimeline, timelineDefinition } from './compile/timeline.js';
import type { FormFile } from './generated/form-file.js';
import type { Permission, Privilege } from './types.js';
import { ruleFilter } from '../proxy/notes/read.js';

const permission = (...privileges: Privilege[]): Permission => ({
  entity: 'incident',
  scope: 'contact',
  via: 'customerid',
  paths: [[{ column: 'customerid', table: 'contact', navigation: 'customerid_contact' }]],
  privileges: new Set(privileges),
  hidden: new Set(),
  readOnly: new Set(),
});

const form = (timeline: FormFile['timeline']): FormFile =>
  ({
    id: 'case-edit',
    entity: 'incident',
    modes: ['edit'],
    title: { en: 'Case' },
    sections: [{ id: 'main', fields: [{ field: 'title' }] }],
    timeline,
  }) as FormFile;

const withFiles: FormFile['timeline'] = {
  show: { marker: '*WEB*' },
  attachments: { types: [{ extension: '.png', type: 'image/png' }], maxBytes: 1000, maxFiles: 2 },
};

test('no readNotes (or no read): no timeline', () => {
  assert.equal(compileTimeline(form(withFiles), permission('read', 'addNotes'), true), undefined);
  assert.equal(compileTimeline(form(withFiles), permission('readNotes'), false), undefined);
  assert.equal(compileTimeline(form(undefined), permission('read', 'readNotes'), true), undefined);
});

test('defaults, and attachments only for a role that may add', () => {
  const reader = compileTimeline(form(withFiles), permission('read', 'readNotes'), true)!;
  assert.deepEqual(reader, {
    show: { kind: 'marker', marker: '*WEB*' },
    pageSize: 10,
    maxLength: 2000,
    staffName: 'Support',
    canAdd: false,
    allowedTypes: [{ extension: '.png', type: 'image/png' }],
  });
  assert.deepEqual(timelineDefinition(reader), { pageSize: 10, maxLength: 2000, canAdd: false });
  const writer = compileTimeline(form(withFiles), permission('read', 'readNotes', 'addNotes'), true)!;
  assert.deepEqual(timelineDefinition(writer), {
    pageSize: 10,
    maxLength: 2000,
    canAdd: true,
    attachments: { accept: ['.png'], types: ['image/png'], maxBytes: 1000, maxFiles: 2 },
  });
  const closed = compileTimeline(
    form({ ...withFiles, add: false }),
    permission('read', 'readNotes', 'addNotes'),
    true,
  )!;
  assert.equal(closed.canAdd, false);
  assert.equal(closed.attachments, undefined);
});

test('the publishing rule becomes the nested $filter: a marker prefix or a Boolean column', () => {
  const marker = compileTimeline(form({ show: { marker: "*W'B*" } }), permission('read', 'readNotes'), true)!;
  assert.equal(ruleFilter(marker), "startswith(notetext,'*W''B*')");
  const column = compileTimeline(
    form({ show: { column: 'new_portalvisible' } }),
    permission('read', 'readNotes'),
    true,
  )!;
  assert.deepEqual(column.show, { kind: 'column', column: 'new_portalvisible' });
  assert.equal(ruleFilter(column), 'new_portalvisible eq true');
  assert.ok(!JSON.stringify(timelineDefinition(column)).includes('portalvisible'));
});
