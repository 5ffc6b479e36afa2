// dist/cjs holds the CommonJS build; this marker makes Node read its .js files as CommonJS inside an ESM package.
require('node:fs').writeFileSync(require('node:path').join(__dirname, '..', 'dist', 'cjs', 'package.json'), '{"type":"commonjs"}\n');
