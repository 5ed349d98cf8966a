// One language in the deck's controls: a zh-CN deck's page indicator and presenter view speak
// Chinese (marp-cli's own English labels replaced, src/vendor/marp-labels.ts), checked in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { bespokeAssets } from '../src/slides';
import { BESPOKE_ZH, localiseBespoke, missingBespokeLabels } from '../src/vendor/marp-labels';
import { makeSlides } from '../src/slides/stage';
import { Timer } from '../src/pipeline/timer';
import { readDocument } from '../src/source';
import { fonts, sampleFile, settings } from './deck-helpers';
import { tempDir } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `needs ${CHROMIUM} (apt-get install chromium; .ci/run does)`;

test("every English label replaced is found in the installed marp-cli's bespoke script", () => {
  const { js } = bespokeAssets();
  assert.deepEqual(missingBespokeLabels(js), []);
  const zh = localiseBespoke(js, 'zh-CN');
  for (const [en] of BESPOKE_ZH) assert.ok(!zh.includes(en), en);
  assert.equal(localiseBespoke(js, 'en'), js, 'other languages keep marp-cli’s labels');
});

test('a zh-CN deck shows its page indicator and presenter view in Chinese', { skip }, async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = await makeSlides(readDocument(sampleFile), settings(), fonts, new Timer());
  const file = join(dir, 'slides.html');
  writeFileSync(file, out.html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${pathToFileURL(file).href}#2`);
  await page.waitForFunction(() => document.querySelector('[data-bespoke-marp-osc="page"]')?.textContent);
  const indicator = await page.textContent('[data-bespoke-marp-osc="page"]');
  assert.equal(indicator, `第 2 页，共 ${out.slides} 页`);

  const presenter = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await presenter.goto(`${pathToFileURL(file).href}?view=presenter#2`);
  await presenter.waitForSelector('.bespoke-marp-presenter-info-page-prev');
  const labels = await presenter.evaluate(() => ({
    title: document.title,
    buttons: Array.from(document.querySelectorAll('.bespoke-marp-presenter-container button')).map(
      (b) => `${b.getAttribute('title') ?? ''} ${b.textContent ?? ''}`,
    ),
  }));
  assert.match(labels.title, /^\[演讲者视图\]/);
  const english = labels.buttons.filter((b) => /[A-Za-z]{3,}/.test(b));
  assert.deepEqual(english, [], 'no English on the presenter view’s buttons');
  assert.ok(labels.buttons.some((b) => b.includes('下一页')));
});
