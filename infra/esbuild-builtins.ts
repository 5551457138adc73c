// How the Lambda bundles load Node's own modules: through `require`, not `import`.

import { isBuiltin } from 'node:module';
import type { Plugin } from 'esbuild';

/**
 * An ES module that imports a built-in module gets a facade of it, and Node builds that facade by
 * reading every export once, getters included. `node:http`'s getters for WebSocket, CloseEvent and
 * MessageEvent load undici, Node's fetch implementation (60-160 ms on this machine), which no function
 * uses; `node:fs`'s `promises` and `node:zlib`'s getters load more of the same kind. Every bundle imports
 * `node:http` (the SDK's HTTP handler, the X-Ray SDK). Here each built-in is a CommonJS module
 * that requires it (the bundles' banner defines `require`): esbuild reads its members when the code
 * uses them, and a getter nobody reads runs never.
 */
export const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      // The require inside that module is the real one, left to Node.
      if (args.namespace === 'builtin-through-require') return { path: args.path, external: true };
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return { path: name, namespace: 'builtin-through-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-through-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
