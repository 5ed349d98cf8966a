// Two CommonJS modules of Marpit 3.2.3 that src/vendor/marp.ts patches (memoised-render-steps). Their
// default import is the module's own `exports` object (Node's and esbuild's node-mode interop), so a
// property set on it is what Marpit's other modules read.
declare module '@marp-team/marpit/lib/markdown/directives/yaml.js' {
  const exports: {
    yaml?: (text: string, looseDirectives?: boolean | string[]) => Record<string, unknown> | false;
  };
  export default exports;
}
declare module '@marp-team/marpit/lib/helpers/inline_style.js' {
  const exports: {
    default?: { prototype: { toString(): string } };
  };
  export default exports;
}
