// Corpus score: how much of the structure of real, published texts lectern recognises.
// `npm run corpus-score` (or `node bench/corpus-score.mjs [--json] [NN-name …]`) runs
// `node bin/lectern.js check <text> --json` on every test/corpus/texts/*.txt, compares it field by
// field with test/corpus/expected/<same name>.json (conventions: test/corpus/README.md) and prints
//   NN-name  fields a/b  parts found c/d
// per text and `fields X%  parts Y%` for the corpus. --json prints the same with every mismatch.
// Plain Node ESM without dependencies; `scoreDocument` and `scoreCorpus` are exported for tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Text compared loosely: NFKC (full/half-width alike), no spaces, no leading dashes, no final stop. */
export function norm(s) {
  if (s === null || s === undefined) return '';
  return String(s)
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/^[—―\-–~～]+/, '')
    .replace(/[。.：:；;！!，,]+$/, '');
}

/** A date or occasion line compared without its enclosing brackets. */
function normDate(s) {
  return norm(s).replace(/^\((.*)\)$/, '$1');
}

const nameOf = (sp) => (sp && typeof sp === 'object' ? sp.name : sp) ?? null;
const postOf = (sp) => (sp && typeof sp === 'object' ? sp.post : '') ?? '';

/** The document's single speaker: `speaker` if the model has one, else the one speaker its parts name. */
function docSpeaker(actual) {
  if (actual && 'speaker' in actual) return actual.speaker ?? null;
  const named = (actual?.parts ?? []).map((p) => p.speaker).filter((s) => s?.name);
  const distinct = new Set(named.map((s) => norm(s.name)));
  return distinct.size === 1 ? named[0] : null;
}

/** Per-paragraph speakers of a part: `speakers: []`, or paragraphs that are objects with `speaker`. */
function paragraphSpeakers(part) {
  if (Array.isArray(part.speakers)) return part.speakers.map((s) => nameOf(s));
  const ps = part.paragraphs ?? [];
  if (ps.some((p) => p && typeof p === 'object'))
    return ps.map((p) => nameOf(p && typeof p === 'object' ? p.speaker : null));
  return undefined;
}

const paragraphCount = (part) =>
  Array.isArray(part.paragraphs) ? part.paragraphs.length : Number(part.paragraphs ?? 0);

/** Matches expected parts to actual parts in order: by title when it has one, else by position. */
function matchParts(expParts, actParts) {
  const matches = [];
  let next = 0;
  for (let i = 0; i < expParts.length; i++) {
    const e = expParts[i];
    let found = -1;
    if (norm(e.title)) {
      for (let j = next; j < actParts.length; j++) {
        if (norm(actParts[j].title) === norm(e.title)) {
          found = j;
          break;
        }
      }
    } else if (next < actParts.length && !norm(actParts[next].title)) {
      found = next;
    }
    matches.push(found);
    if (found >= 0) next = found + 1;
  }
  return matches;
}

/**
 * Scores one recognised document (`check --json` output) against its expected structure.
 * Returns { fields: {got, total}, parts: {found, total}, misses: [string] }.
 */
export function scoreDocument(expected, actual) {
  const act = actual ?? { title: '', subtitle: '', date: '', hosts: [], guests: [], parts: [] };
  let got = 0;
  let total = 0;
  const misses = [];
  const field = (what, ok, want, have) => {
    total++;
    if (ok) got++;
    else misses.push(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
  };
  const list = (xs) => (xs ?? []).map(norm).sort().join('、');

  for (const key of ['title', 'subtitle']) {
    if (key in expected) field(key, norm(expected[key]) === norm(act[key]), expected[key], act[key] ?? '');
  }
  if ('date' in expected) field('date', normDate(expected.date) === normDate(act.date), expected.date, act.date ?? '');
  for (const key of ['hosts', 'guests']) {
    if (key in expected) field(key, list(expected[key]) === list(act[key]), expected[key], act[key] ?? []);
  }
  if ('speaker' in expected) {
    const have = docSpeaker(act);
    if (expected.speaker === null) field('speaker', have === null, null, have);
    else {
      field('speaker name', norm(expected.speaker.name) === norm(nameOf(have)), expected.speaker.name, nameOf(have));
      field('speaker post', norm(expected.speaker.post) === norm(postOf(have)), expected.speaker.post, postOf(have));
    }
  }

  const expParts = expected.parts ?? [];
  const actParts = act.parts ?? [];
  const matches = matchParts(expParts, actParts);
  let found = 0;
  expParts.forEach((e, i) => {
    const label = `part ${i + 1} ${JSON.stringify(e.title ?? '')}`;
    const a = matches[i] >= 0 ? actParts[matches[i]] : null;
    if (a && a.kind === e.kind) found++;
    if (!a) misses.push(`${label}: not found`);
    field(`${label} kind`, a?.kind === e.kind, e.kind, a?.kind);
    field(`${label} title`, !!a, e.title, a?.title);
    if ('speaker' in e) {
      if (e.speaker === null) field(`${label} speaker`, !!a && !a.speaker, null, a?.speaker ?? null);
      else {
        field(
          `${label} speaker name`,
          !!a && norm(e.speaker.name) === norm(nameOf(a.speaker)),
          e.speaker.name,
          nameOf(a?.speaker),
        );
        field(
          `${label} speaker post`,
          !!a && norm(e.speaker.post) === norm(postOf(a.speaker)),
          e.speaker.post,
          postOf(a?.speaker),
        );
      }
    }
    field(`${label} paragraphs`, !!a && paragraphCount(a) === e.paragraphs, e.paragraphs, a ? paragraphCount(a) : null);
    if (Array.isArray(e.speakers)) {
      const have = a ? paragraphSpeakers(a) : undefined;
      const ok = !!have && have.length === e.speakers.length && have.every((s, k) => norm(s) === norm(e.speakers[k]));
      field(`${label} paragraph speakers`, ok, e.speakers, have ?? null);
    }
  });
  return { fields: { got, total }, parts: { found, total: expParts.length }, misses };
}

/** Runs lectern on every corpus text (or those named) and scores each; returns per-text rows and totals. */
export function scoreCorpus({
  dir = join(root, 'test', 'corpus'),
  only = [],
  bin = join(root, 'bin', 'lectern.js'),
} = {}) {
  const texts = readdirSync(join(dir, 'texts'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
  const rows = [];
  for (const f of texts) {
    const name = basename(f, '.txt');
    const expFile = join(dir, 'expected', `${name}.json`);
    if (!existsSync(expFile)) continue;
    const expected = JSON.parse(readFileSync(expFile, 'utf8'));
    const r = spawnSync(process.execPath, [bin, 'check', join(dir, 'texts', f), '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    let actual = null;
    let error = '';
    try {
      actual = JSON.parse(r.stdout);
    } catch {
      error = (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
    }
    const s = scoreDocument(expected, actual);
    if (error) s.misses.unshift(`lectern failed: ${error}`);
    rows.push({ name, ...s });
  }
  const sum = (k, g) => rows.reduce((n, r) => n + r[k][g], 0);
  const totals = {
    fields: { got: sum('fields', 'got'), total: sum('fields', 'total') },
    parts: { found: sum('parts', 'found'), total: sum('parts', 'total') },
  };
  totals.fieldsRatio = totals.fields.total ? totals.fields.got / totals.fields.total : 1;
  totals.partsRatio = totals.parts.total ? totals.parts.found / totals.parts.total : 1;
  return { rows, totals };
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const verbose = args.includes('--verbose') || args.includes('-v');
  const only = args.filter((a) => !a.startsWith('-'));
  const { rows, totals } = scoreCorpus({ only });
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows, totals }, null, 2)}\n`);
  } else {
    const w = Math.max(...rows.map((r) => r.name.length), 4);
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(w)}  fields ${r.fields.got}/${r.fields.total}  parts found ${r.parts.found}/${r.parts.total}`,
      );
      if (verbose) for (const m of r.misses) console.log(`    ${m}`);
    }
    console.log(
      `total: fields ${pct(totals.fieldsRatio)} (${totals.fields.got}/${totals.fields.total})  parts ${pct(totals.partsRatio)} (${totals.parts.found}/${totals.parts.total})`,
    );
  }
}
