// `lectern check` text report and exit code; `lectern import` writes the .md beside the transcript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readDocument } from '../src/source/index';
import { importTranscript } from '../src/source/import';
import { formatCheck, checkExitCode } from '../src/check/index';
import { documentToJson } from '../src/model';
import { LecternError } from '../src/errors';

const SAMPLE = 'content/guangan-township-forum.txt';

test('check report: outline with file:line per part, every change and warning with file:line', () => {
  const report = formatCheck(readDocument(SAMPLE));
  const lines = report.split('\n');
  assert.equal(lines[0], `${SAMPLE}: 「广安适应新时代新发展 提升乡镇党政正职履职能力」`);
  assert.ok(lines.includes('  series: 賨州论坛'));
  assert.ok(lines.includes('  hosts: 卢琴、刘毓然'));
  assert.ok(lines.includes('  guests: 沈振宇、吴志高、朱军华、杨旭、刘政'));
  assert.ok(lines.includes('outline (6 parts: 5 talks, 0 sections):'));
  assert.match(report, new RegExp(`  ${SAMPLE}:2 +intro +「开坛的话」  \\(3 paragraphs\\)`));
  assert.match(
    report,
    new RegExp(
      `  ${SAMPLE}:39 +talk +「基层干部要有“七颗心”」  华蓥市禄市镇党委副书记、镇长 刘政  \\(8 paragraphs, 7 with a lead\\)`,
    ),
  );
  assert.match(
    report,
    new RegExp(
      `  ${SAMPLE}:15 +talk +「加快项目引进和建设」 ——推动工业经济高质量发展  江苏省常州市金坛区直溪镇党委书记 吴志高`,
    ),
  );
  assert.ok(lines.includes('normalisation (3 changes):'));
  assert.ok(
    lines.includes(`  ${SAMPLE}:19: space inside Han text removed: 「体规划、 镇区控制」 → 「体规划、镇区控制」`),
  );
  assert.ok(
    lines.includes(`  ${SAMPLE}:28: space inside Han text removed: 「往一处使 ，形成强」 → 「往一处使，形成强」`),
  );
  assert.ok(lines.includes('warnings (0):'));
});

test('check report: warnings and sections; exit code 1 only under --strict with warnings', () => {
  const lecture = readDocument('test/fixtures/source/lecture.txt');
  assert.match(formatCheck(lecture), /lecture\.txt:8 + {2}section 2 「（一）从历史看」/);
  const page = readDocument('test/corpus/texts/28-school-flag-ceremony-page.txt');
  const report = formatCheck(page);
  assert.match(
    report,
    /28-school-flag-ceremony-page\.txt:12: warning: short line without end punctuation could not be placed/,
  );
  assert.equal(checkExitCode(page, false), 0);
  assert.equal(checkExitCode(page, true), 1);
  const sample = readDocument(SAMPLE);
  assert.equal(checkExitCode(sample, true), 0);
});

test('import writes <name>.md next to the transcript, never over an existing one without force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-import-'));
  const txt = join(dir, 'forum.txt');
  writeFileSync(txt, readFileSync(SAMPLE));
  const written = importTranscript(txt, false);
  assert.equal(written, join(dir, 'forum.md'));
  assert.deepEqual(documentToJson(readDocument(written)), documentToJson(readDocument(txt)));
  // second import refuses, and leaves the (edited) file alone
  writeFileSync(written, readFileSync(written, 'utf8').replace('title: 广安', 'title: 改过的广安'));
  assert.throws(
    () => importTranscript(txt, false),
    (e: unknown) => e instanceof LecternError && /already exists/.test(e.message) && /--force/.test(e.hint),
  );
  assert.equal(readDocument(written).meta.title.startsWith('改过的'), true);
  importTranscript(txt, true);
  assert.equal(readDocument(written).meta.title, '广安适应新时代新发展 提升乡镇党政正职履职能力');
  // no temp files left behind
  assert.deepEqual(readdirSync(dir).sort(), ['forum.md', 'forum.txt']);
});

test('import of an unusable transcript writes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-import-'));
  const txt = join(dir, 'empty.txt');
  writeFileSync(txt, '');
  assert.throws(() => importTranscript(txt, false), LecternError);
  assert.equal(existsSync(join(dir, 'empty.md')), false);
});
