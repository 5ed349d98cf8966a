// The tagged PDF: pdfinfo says Tagged: yes, and the structure tree read back with qpdf has one heading
// per part (H1 for a part of its own, H2… for sections), the body paragraphs as P in reading order, the
// contents as TOC/TOCI, and no running head or folio inside it (they are artefacts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { makeHandout } from '../src/handout/stage';
import { readDocument } from '../src/source';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const settings = loadSettings(root, {}, {});
const has = (tool: string, arg = '--version') => spawnSync(tool, [arg]).error === undefined;
const tools = has('qpdf') && has('pdfinfo', '-v');

type Obj = Record<string, unknown>;

/** The structure tree as nested {S, children, mcids} read from qpdf's JSON (version 2). */
function structureTree(pdf: string): { S: string; children: unknown[] }[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', pdf], { maxBuffer: 1 << 28 }).toString());
  const objects = json.qpdf[1] as Record<string, { value?: Obj; stream?: { dict: Obj } }>;
  const get = (ref: unknown): Obj | undefined => {
    if (typeof ref !== 'string') return ref as Obj;
    const o = objects[`obj:${ref}`];
    return (o?.value ?? o?.stream?.dict) as Obj | undefined;
  };
  const trailer = objects.trailer!.value!;
  const catalog = get(trailer['/Root'])!;
  const tree = get(catalog['/StructTreeRoot'])!;
  const walk = (k: unknown): { S: string; children: unknown[] }[] => {
    const list = Array.isArray(k) ? k : k === undefined ? [] : [k];
    return list.flatMap((item) => {
      const o = get(item);
      if (!o || typeof o !== 'object' || !('/S' in o)) return []; // a marked-content id
      return [{ S: String(o['/S']).slice(1), children: walk(o['/K']) }];
    });
  };
  return walk(tree['/K']);
}

const flat = (nodes: { S: string; children: unknown[] }[]): string[] =>
  nodes.flatMap((n) => [n.S, ...flat(n.children as { S: string; children: unknown[] }[])]);

const FILES = [
  join(root, 'content', 'guangan-township-forum.txt'),
  join(root, 'test', 'fixtures', 'source', 'newspaper.txt'),
  join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'),
  join(root, 'test', 'fixtures', 'source', 'wrapped.txt'),
];

test('pdfinfo says Tagged: yes; the structure tree has one heading per part, paragraphs, contents', {
  skip: !tools && 'qpdf or poppler-utils not installed',
}, async () => {
  for (const file of FILES) {
    const doc = readDocument(file);
    const out = await makeHandout(doc, settings, fonts, new Timer());
    const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-tagged-')), 'handout.pdf');
    writeFileSync(pdf, out.pdf);
    assert.match(execFileSync('pdfinfo', [pdf]).toString(), /^Tagged:\s+yes$/m, file);
    const tree = structureTree(pdf);
    assert.deepEqual(
      tree.map((n) => n.S),
      ['Document'],
    );
    const roles = flat(tree[0]!.children as { S: string; children: unknown[] }[]);
    const headings = roles.filter((r) => /^H\d$/.test(r));
    assert.equal(headings.length, doc.parts.length, `${file}: one heading per part`);
    assert.equal(
      roles.filter((r) => r === 'H1').length,
      doc.parts.filter((p) => p.kind !== 'section').length,
      `${file}: parts of their own are H1`,
    );
    const paragraphs = doc.parts.reduce((n, p) => n + p.paragraphs.length, 0);
    assert.ok(roles.filter((r) => r === 'P').length >= paragraphs, `${file}: every paragraph is a P`);
    // a contents page (two parts or more on two body pages or more) is a TOC with a TOCI per entry
    const folios = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).matchAll(/—\s*(\d+)\s*—/g);
    const bodyPages = Math.max(0, ...[...folios].map((m) => Number(m[1])));
    const listed = doc.parts.length >= 2 && bodyPages >= 2;
    assert.equal(listed, !/newspaper|wrapped/.test(file), `${file}: contents expected on the multi-page texts only`);
    if (listed)
      assert.equal(roles.filter((r) => r === 'TOCI').length, doc.parts.length, `${file}: a TOCI per contents entry`);
    else assert.ok(!roles.includes('TOC'), `${file}: no contents`);
    const qdf = `${pdf}.qdf`;
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
    const raw = readFileSync(qdf, 'latin1');
    assert.match(raw, /\/Artifact <<\s*\/Type \/Pagination\s*>> BDC/, 'running heads and folios are artefacts');
    assert.match(raw, /pdfuaid:part>1</, 'PDF/UA-1 declared in the metadata');
  }
});
