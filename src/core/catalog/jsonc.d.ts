// Catalog data files are bundled as text by esbuild (`--loader:.jsonc=text`) and parsed with jsonc-parser.
declare module '*.jsonc' {
  const text: string;
  export default text;
}
