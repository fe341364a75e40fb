import { defineConfig } from "vite";

// Preact's JSX through esbuild's automatic runtime: no framework plugin needed.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // caseledgerd's CSP allows no inline script or style: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` against a caseledgerd started with --http-listen 127.0.0.1:7780.
    proxy: { "/caseledger.v1.": "http://127.0.0.1:7780" },
  },
});
