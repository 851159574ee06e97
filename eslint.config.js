// Lint rules, and the layering that keeps Electron at the edges:
// renderer → shared only; shared → nothing; core never imports electron, the shells or the UI.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'tls', 'http', 'https', 'crypto', 'stream', 'stream/*', 'url', 'util', 'zlib', 'readline'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Named value imports from CommonJS ssh2 break in Node's ESM loader; see electron/core/ssh/ssh2.ts.
    files: ['electron/**'],
    ignores: ['electron/core/ssh/ssh2.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'ssh2', importNames: ['Client', 'Server', 'utils', 'Agent', 'HTTPAgent', 'HTTPSAgent'], allowTypeImports: true, message: "Import ssh2's runtime values from electron/core/ssh/ssh2.ts." }] }],
    },
  },
  {
    files: ['renderer/**'],
    rules: restrict([
      layer(['**/electron/**', 'electron', ...NODE_BUILTINS], 'The renderer talks to the product through window.api only; import from shared/.'),
    ]),
  },
  {
    files: ['shared/**'],
    rules: restrict([
      layer(['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom', ...NODE_BUILTINS], 'shared/ holds types and schemas for both sides; it imports neither side, no Node, no DOM.'),
    ]),
  },
  {
    files: ['electron/core/**'],
    rules: restrict([
      layer(['electron'], "The core runs under the CLI and tests too: never import 'electron' here."),
      layer(['**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**'], 'The core must not depend on a shell (main, preload, CLI) or the UI.'),
    ]),
  },
  {
    files: ['electron/cli/**'],
    rules: restrict([layer(['electron', '**/renderer/**', '**/main/**', '**/preload/**'], "The CLI is the core's headless shell: no Electron, no UI.")]),
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: restrict([layer(['**/renderer/**'], 'The main process reaches the renderer over IPC only.')]),
  },
  {
    files: ['test/**', 'build/**', '*.config.*'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
