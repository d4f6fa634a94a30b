/** TrueType fonts imported as bytes: a Data module under wrangler (ArrayBuffer), bytes in the test bundles. */
declare module '*.ttf' {
  const bytes: ArrayBuffer | Uint8Array;
  export default bytes;
}
