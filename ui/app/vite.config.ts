import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Assets are referenced relative to the page's <base href>, which the server sets to where the
// chat is mounted (MapParley's prefix), so one build works under any path.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { "/api": "http://localhost:5080" },
  },
});
