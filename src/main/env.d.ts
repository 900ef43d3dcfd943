// Vite's ?raw imports: the file's text, embedded at build time.
declare module '*?raw' {
  const text: string
  export default text
}
