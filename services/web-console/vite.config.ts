import { defineConfig } from 'vite';

// The console's React app: web/ → dist/ (served by the BFF at / and /assets/*).
export default defineConfig({
  root: 'web',
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // antd marks modules "use client" (for React Server Components); meaningless in this bundle.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
      output: {
        manualChunks: (id) =>
          id.includes('echarts') || id.includes('zrender') ? 'charts' : id.includes('node_modules') ? 'vendor' : undefined,
      },
    },
  },
});
