// The native binding for the `tree-sitter` npm package. node-gyp-build loads a build from
// build/Release (made by `npm install` through node-gyp) or a prebuild.
const root = require('path').join(__dirname, '..', '..');

module.exports = require('node-gyp-build')(root);

try {
  module.exports.nodeTypeInfo = require('../../src/node-types.json');
} catch (_) {
  // node-types.json is optional at run time.
}
