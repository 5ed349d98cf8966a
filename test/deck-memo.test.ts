// The deck planner keeps each part's planned slides (issue 15, warm rebuilds): after an edit only the
// parts it changed are planned again — and the plan, its warnings and slides.md are exactly those of a
// planner that never saw the text before. Parts are counted (partPlanning), so the test fails both when
// nothing is reused and when a part is reused that should not be (the plan then differs from a cold one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearCaches, expectRebuilds } from '../src/cache';
import { type PlanResult, planDeck } from '../src/deck';
import { phraseReuse } from '../src/deck/keyphrase';
import { partPlanning } from '../src/deck/plan';
import type { Document } from '../src/model';
import { documentFromBytes } from '../src/source';
import { renderTemplate } from '../src/templates';
import { makeDoc, metrics, root, sampleFile, widths } from './deck-helpers';

const corpus = (name: string) => join(root, 'test', 'corpus', 'texts', name);

/** Plans `doc` with whatever the planner kept; returns the plan and how many parts were planned / reused. */
function warmPlan(doc: Document): { result: PlanResult; planned: number; reused: number } {
  const before = { ...partPlanning };
  const result = planDeck({ doc, metrics, widths });
  return { result, planned: partPlanning.planned - before.planned, reused: partPlanning.reused - before.reused };
}

/** Plans `doc` in a planner that kept nothing. */
function coldPlan(doc: Document): PlanResult {
  clearCaches();
  return planDeck({ doc, metrics, widths });
}

function assertSamePlan(warm: PlanResult, cold: PlanResult, what: string): void {
  assert.deepEqual(warm.warnings, cold.warnings, `${what}: warnings differ from a cold plan`);
  assert.equal(JSON.stringify(warm.plan), JSON.stringify(cold.plan), `${what}: the plan differs from a cold plan`);
  assert.equal(
    renderTemplate('slides.md.hbs', warm.plan, root),
    renderTemplate('slides.md.hbs', cold.plan, root),
    `${what}: slides.md differs`,
  );
}

const texts = [sampleFile, corpus('02-guangdong-gov-report.txt'), corpus('14-mao-hunan-peasant-report.txt')];

test('after a one-paragraph edit only the edited part is planned again, and the plan equals a cold plan', () => {
  for (const file of texts) {
    const text = readFileSync(file, 'utf8');
    const doc = documentFromBytes(Buffer.from(text), file);
    coldPlan(doc);
    // the same text again: every part reused
    const again = warmPlan(documentFromBytes(Buffer.from(text), file));
    assert.equal(again.planned, 0, `${file}: a part was planned again for the same text`);
    assert.equal(again.reused, doc.parts.length);

    // an edit that adds no word (a sentence of the longest paragraph now ends on ！): its part only
    const longest = doc.parts.flatMap((p) => p.paragraphs).reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const sentence = /[^。！？]{6,}。/.exec(longest.text)![0];
    const edited = text.replace(sentence, `${sentence.slice(0, -1)}！`);
    assert.notEqual(edited, text);
    const editedDoc = documentFromBytes(Buffer.from(edited), file);
    const warm = warmPlan(editedDoc);
    assert.equal(warm.planned, 1, `${file}: ${warm.planned} parts planned again for an edit of one paragraph`);
    assert.equal(warm.reused, doc.parts.length - 1);
    assertSamePlan(warm.result, coldPlan(editedDoc), file);
  }
});

test('a part whose words changed weight elsewhere is planned again (its key phrases are ranked by them)', () => {
  for (const file of texts) {
    const text = readFileSync(file, 'utf8');
    const doc = documentFromBytes(Buffer.from(text), file);
    coldPlan(doc);
    // one paragraph fewer in the longest part: every word's idf changes (the paragraph count does)
    const part = doc.parts.reduce((a, b) => (b.paragraphs.length > a.paragraphs.length ? b : a));
    const gone = part.paragraphs[1]!;
    const edited = documentFromBytes(Buffer.from(text.replace(gone.text, '')), file);
    assert.equal(edited.parts.flatMap((p) => p.paragraphs).length, doc.parts.flatMap((p) => p.paragraphs).length - 1);
    const warm = warmPlan(edited);
    assert.equal(warm.reused, 0, `${file}: ${warm.reused} parts reused although every weight changed`);
    assertSamePlan(warm.result, coldPlan(edited), file);
  }
});

test('a reused part warns at its current line', () => {
  const title = '坚持以人民为中心的发展思想推动乡村振兴战略全面落地见效并且持续巩固拓展脱贫攻坚成果同乡村振兴有效衔接';
  const spec = {
    title: '论坛',
    parts: [
      { title, paragraphs: ['我们要把规划放在首位，先谋后动，久久为功。', '产业兴旺是乡村振兴的重点。'] },
      { title: '第二个发言', paragraphs: ['人才是第一资源，要引得进、留得住、用得好。'] },
    ],
  };
  const doc = makeDoc(spec);
  const cold = coldPlan(doc);
  assert.ok(
    cold.warnings.some((w) => w.message.startsWith('slide headline shortened')),
    'no warning to replay',
  );
  // the same parts five lines further down (lines added above them)
  const moved: Document = structuredClone(doc);
  for (const p of moved.parts) {
    p.line += 5;
    for (const q of p.paragraphs) q.line += 5;
  }
  const warm = warmPlan(moved);
  assert.equal(warm.planned, 0);
  const shortened = warm.result.warnings.filter((w) => w.message.startsWith('slide headline shortened'));
  assert.ok(shortened.length > 0 && shortened.every((w) => w.line === doc.parts[0]!.line + 5));
  assertSamePlan(warm.result, coldPlan(moved), 'moved parts');
});

test('under watch a re-planned part finds key phrases again only for its edited paragraph, and the plan equals a cold plan', () => {
  expectRebuilds(true);
  try {
    for (const file of texts) {
      const text = readFileSync(file, 'utf8');
      const doc = documentFromBytes(Buffer.from(text), file);
      coldPlan(doc);
      // a sentence of the longest part's first paragraph ends on ！ (no word added: the weights stay)
      const part = doc.parts.reduce((a, b) => (b.paragraphs.length > a.paragraphs.length ? b : a));
      const paragraph = part.paragraphs.find((p) => /[^。！？]{6,}。/.test(p.text))!;
      const sentence = /[^。！？]{6,}。/.exec(paragraph.text)![0];
      const edited = documentFromBytes(Buffer.from(text.replace(sentence, `${sentence.slice(0, -1)}！`)), file);
      const before = { ...phraseReuse };
      const warm = warmPlan(edited);
      const found = phraseReuse.misses - before.misses;
      const kept = phraseReuse.hits - before.hits;
      assert.equal(warm.planned, 1, `${file}: one part planned again`);
      assert.ok(found <= 2 && kept >= part.paragraphs.length - 2, `${file}: found ${found}, kept ${kept}`);
      assertSamePlan(warm.result, coldPlan(edited), file);

      // one paragraph fewer: every idf changes, so every paragraph's phrases are found again
      const fewer = documentFromBytes(Buffer.from(text.replace(part.paragraphs[1]!.text, '')), file);
      coldPlan(doc);
      const before2 = { ...phraseReuse };
      const warm2 = warmPlan(fewer);
      // (only a paragraph whose phrases read no weight at all — a salutation, no content word — may be kept)
      const kept2 = phraseReuse.hits - before2.hits;
      assert.ok(kept2 <= 2, `${file}: ${kept2} paragraphs' phrases kept although every weight changed`);
      assertSamePlan(warm2.result, coldPlan(fewer), `${file}, a paragraph fewer`);
    }
  } finally {
    expectRebuilds(false);
  }
});
