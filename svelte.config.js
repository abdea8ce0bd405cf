// Svelte 5 compiles TypeScript in components natively; no preprocessors needed.
// (This file also stops svelte-check from loading vite.config.ts, whose modes are build targets.)
export default {
  compilerOptions: { runes: true },
};
